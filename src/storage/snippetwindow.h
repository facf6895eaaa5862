// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Bounds a search snippet's length whatever the text and the query: a "word" of a megabyte, or
// a query of many words, would otherwise bring all of it into the snippet (SQLite's snippet()
// and PostgreSQL's ts_headline() count words, not characters). The window keeps the first
// highlighted match (marked \x02 … \x03) in view and its marks paired.
class SnippetWindow
{
public:
    static constexpr qsizetype maxCharacters = 240;

    static QString clamp(const QString &marked, qsizetype maxChars = maxCharacters);
};
