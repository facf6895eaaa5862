// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>

// What highlight.js made of some code: runs over the plain code, each with its chain of nested
// scopes ("keyword", "meta string", "title.function"), for the window to colour by its palette.
// Offsets count UTF-16 code units, as QString does.
struct CodeHighlight
{
    struct Run
    {
        int start = 0;
        int length = 0;
        int scope = 0; // an index into scopes
        friend bool operator==(const Run &, const Run &) = default;
    };

    QString language;      // highlight.js's id of the language used; empty: the code is plain
    bool detected = false; // the fence named no language and this one was detected
    QStringList scopes;
    QList<Run> runs;      // in order, not overlapping
    qsizetype length = 0; // how much of the code it covers: the length of the code it was made for
    bool failed = false;  // the script failed (logged), so the code is plain

    // Reads the script's answer ({language, detected, scopes, runs: [start, length, scope, …]});
    // runs that do not fit `length` or name no scope are dropped.
    static CodeHighlight fromScript(const QVariant &value, qsizetype length);
    // The run's scopes from the outer to the inner.
    QStringList scopeChain(const Run &run) const;
    // Roughly what it holds in memory, for the cache's bound.
    qsizetype bytes() const;
};

Q_DECLARE_METATYPE(CodeHighlight)
