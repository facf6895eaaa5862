// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "zipfsampler.h"

#include <QList>
#include <QString>
#include <QStringList>

class BenchRandom;

// The corpus's words, ranked by frequency: common English words first, then technical and
// everyday words, a few with diacritics, filled up with made-up English-like words; drawn with
// a Zipf distribution. Code-ish tokens are kept apart for code blocks and inline code, and a
// handful of rare words are placed in a known number of messages.
class Vocabulary
{
public:
    struct RareWord
    {
        QString word;
        int messages; // in how many messages it is placed
    };

    explicit Vocabulary(quint64 seed);

    int size() const { return int(m_words.size()); }
    const QString &word(int rank) const { return m_words[rank]; }
    int rankOf(const QString &word) const { return int(m_words.indexOf(word)); }
    double probability(int rank) const { return m_sampler.probability(rank); }
    const QString &sample(BenchRandom &random) const { return m_words[m_sampler.sample(random)]; }

    const QStringList &codeTokens() const { return m_codeTokens; }
    const QList<RareWord> &rareWords() const { return m_rareWords; }
    const QStringList &accentedWords() const { return m_accented; }

private:
    QStringList m_words;
    QStringList m_codeTokens;
    QStringList m_accented;
    QList<RareWord> m_rareWords;
    ZipfSampler m_sampler;
};
