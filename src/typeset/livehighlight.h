// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codehighlight.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

class CodeHighlighter;

// One code block kept highlighted as its code changes, while a reply streams into it and after.
//
// highlight.js is not incremental, so a growing block is highlighted again as a whole, but not at
// every token: one call at a time, the next one when the answer is back and the code has grown,
// no sooner than a pause that grows with what the last call cost (the worker's share of a core
// stays small however long the block gets). While the next answer is on its way, the last one
// stays on the part of the code it covers: streamed code only grows.
class LiveHighlight : public QObject
{
    Q_OBJECT

public:
    // The shortest pause between two calls for one growing block, and how many times the last
    // call's cost it is at least: the highlighter's thread works at most a fifth of the time on
    // a block, however long it gets.
    static constexpr int minimumPauseMs = 100;
    static constexpr int pauseCostFactor = 4;

    explicit LiveHighlight(CodeHighlighter *highlighter, QObject *parent = nullptr);
    ~LiveHighlight() override;

    // `closed`: the block's closing fence has arrived, so this code is whole.
    void setCode(const QString &language, const QString &code, bool closed);

    // The latest highlight; it covers the first current().length characters of the code.
    const CodeHighlight &current() const { return m_current; }
    // How many highlights this block asked for (answered from the cache or not).
    int requests() const { return m_requests; }

Q_SIGNALS:
    void changed();

private:
    void schedule();
    void request();
    void answered(const CodeHighlight &highlight, const QString &language, const QString &code);
    void show(const CodeHighlight &highlight, const QString &language, const QString &code);
    int pause() const;

    CodeHighlighter *m_highlighter;
    QString m_language;
    QString m_code;
    bool m_closed = false;

    CodeHighlight m_current;
    QString m_currentLanguage;
    QString m_currentCode; // what m_current was made for
    bool m_remembered = false;

    bool m_inFlight = false;
    QTimer m_pause;
    QElapsedTimer m_sinceRequest;
    qint64 m_lastCostMs = 0;
    int m_requests = 0;
};
