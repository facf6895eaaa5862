// SPDX-License-Identifier: GPL-3.0-or-later
#include "replygenerator.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

const std::array vocabulary = {
    u"the"_s,      u"request"_s,    u"server"_s,    u"returns"_s, u"a"_s,           u"value"_s,
    u"when"_s,     u"configured"_s, u"you"_s,       u"can"_s,     u"use"_s,         u"function"_s,
    u"instead"_s,  u"of"_s,         u"memory"_s,    u"and"_s,     u"thread"_s,      u"cache"_s,
    u"response"_s, u"with"_s,       u"timeout"_s,   u"every"_s,   u"query"_s,       u"database"_s,
    u"is"_s,       u"not"_s,        u"streaming"_s, u"token"_s,   u"example"_s,     u"because"_s,
    u"parser"_s,   u"in"_s,         u"to"_s,        u"that"_s,    u"performance"_s, u"layout"_s,
};
const std::array identifiers = {u"config"_s, u"items"_s, u"result"_s, u"client"_s, u"buffer"_s, u"index"_s};

} // namespace

ReplyGenerator::ReplyGenerator(quint32 seed)
    : m_random(seed)
{}

QStringList ReplyGenerator::tokens(int count)
{
    QStringList tokens;
    tokens.reserve(count + sectionTokens);
    while (tokens.size() < count) {
        QStringList section;
        tokenize(this->section(), section);
        // A closing paragraph brings the section to exactly sectionTokens tokens, so that any
        // window of whole sections holds the same blocks.
        if (section.size() + 3 <= sectionTokens) {
            QString closing;
            QStringList closingTokens;
            while (section.size() + closingTokens.size() + 2 < sectionTokens) {
                const qsizetype missing = sectionTokens - 2 - section.size() - closingTokens.size();
                closing += missing > 3 ? word() + u' ' : u"to "_s; // "to " is a single token
                closingTokens.clear();
                tokenize(closing, closingTokens);
            }
            section += closingTokens;
            section += {u"\n"_s, u"\n"_s};
        }
        tokens += section;
    }
    tokens.resize(count);
    return tokens;
}

QString ReplyGenerator::section()
{
    ++m_sections;
    QString text = u"## %1. %2\n\n"_s.arg(m_sections).arg(words(4));

    text += words(18) + u" `"_s + identifiers.at(m_random.bounded(int(identifiers.size()))) + u"()` "_s +
            words(14) + u" **"_s + words(3) + u"** "_s + words(12) + u" [the guide](https://example.com/"_s +
            word() + u") "_s + words(10) + u".\n\n"_s;

    for (int item = 0; item < 4; ++item) {
        text += u"- "_s + words(7 + m_random.bounded(5)) + u'\n';
        if (item == 1)
            text += u"  - "_s + words(6) + u'\n';
    }
    text += u"\n```python\n"_s;
    for (int line = 0; line < 11; ++line) {
        const QString &name = identifiers.at(m_random.bounded(int(identifiers.size())));
        text += line % 4 == 0
                    ? u"def %1_%2(%3):\n"_s.arg(name, word(), identifiers.at(line % identifiers.size()))
                    : u"    %1 = %2(%3, %4)\n"_s.arg(name, word(), word()).arg(m_random.bounded(100));
    }
    text += u"```\n\n| Option | Default | Meaning |\n|---|---|---|\n"_s;
    for (int row = 0; row < 4; ++row)
        text += u"| `%1` | %2 | %3 |\n"_s.arg(word()).arg(m_random.bounded(1000)).arg(words(5));
    text += u"\n> **Note:** "_s + words(16) + u"\n\n"_s;
    return text;
}

QString ReplyGenerator::words(int count)
{
    QString text;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            text += u' ';
        text += word();
    }
    return text;
}

QString ReplyGenerator::word()
{
    return vocabulary.at(m_random.bounded(int(vocabulary.size())));
}

void ReplyGenerator::tokenize(QStringView text, QStringList &tokens)
{
    // A token starts at a word (with the spaces before it), at a newline, or after maxTokenLength
    // characters.
    qsizetype start = 0;
    for (qsizetype i = 1; i <= text.size(); ++i) {
        const bool boundary = i == text.size() || (text.at(i) == u' ' && text.at(i - 1) != u' ') ||
                              text.at(i) == u'\n' || text.at(i - 1) == u'\n' || i - start == maxTokenLength;
        if (boundary) {
            tokens += text.sliced(start, i - start).toString();
            start = i;
        }
    }
}
