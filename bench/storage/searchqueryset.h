// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

class Vocabulary;

// The 100 searches the benchmark times, as a user would type them: single words of every
// frequency (from "the" to a word in one message), two words, prefixes being typed ("conf"),
// words with and without their diacritics, code-ish tokens, and words that are nowhere.
class SearchQuerySet
{
public:
    struct Query
    {
        QString text;
        QString kind;
        int expectedHits = -1; // when known: a rare word is in exactly this many messages
    };

    static QList<Query> build(const Vocabulary &vocabulary, quint64 seed);
};
