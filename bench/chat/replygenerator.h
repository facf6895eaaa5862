// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

// A long reply the way chat models write one, as the tokens it streams in: sections of a
// heading, a paragraph with inline code, bold and links, a nested list, a fenced code block, a
// table, a quote and a closing paragraph, in words drawn at random. Every section is exactly
// sectionTokens tokens, so windows of whole sections hold the same blocks, and the cost per token
// can be compared at any point of the reply.
class ReplyGenerator
{
public:
    static constexpr int sectionTokens = 500;
    static constexpr int maxTokenLength = 6;

    explicit ReplyGenerator(quint32 seed);

    // `count` tokens of at most maxTokenLength characters (about four on average, as with GPT's
    // tokenizers on English), never parts of two words.
    QStringList tokens(int count);

private:
    QString section();
    QString words(int count);
    QString word();
    static void tokenize(QStringView text, QStringList &tokens);

    QRandomGenerator m_random;
    int m_sections = 0;
};
