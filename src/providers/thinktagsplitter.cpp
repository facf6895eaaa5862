// SPDX-License-Identifier: GPL-3.0-or-later
#include "thinktagsplitter.h"

#include <algorithm>

namespace {

constexpr QStringView OpenTag = u"<think>";
constexpr QStringView CloseTag = u"</think>";

qsizetype leadingSpaces(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace())
        ++i;
    return i;
}

QStringView trimmedEnd(QStringView text)
{
    while (!text.isEmpty() && text.back().isSpace())
        text.chop(1);
    return text;
}

// How many characters at the end of `text` could be the start of `tag`, which the next delta
// may complete.
qsizetype tagPrefixAtEnd(QStringView text, QStringView tag)
{
    for (qsizetype n = std::min(text.size(), tag.size() - 1); n > 0; --n) {
        if (tag.startsWith(text.last(n)))
            return n;
    }
    return 0;
}

} // namespace

void ThinkTagSplitter::feed(QStringView delta, QString &reasoning, QString &content)
{
    if (delta.isEmpty())
        return;
    switch (m_state) {
    case State::Opening: {
        m_held += delta;
        const QStringView rest = QStringView(m_held).sliced(leadingSpaces(m_held));
        if (rest.size() < OpenTag.size() && OpenTag.startsWith(rest))
            return; // whitespace, or a piece of <think>: the next delta tells
        if (!rest.startsWith(OpenTag)) {
            m_state = State::Answer;
            content += m_held;
            m_held.clear();
            return;
        }
        m_state = State::Thinking;
        m_held = rest.sliced(OpenTag.size()).toString();
        feedThinking(reasoning, content);
        return;
    }
    case State::Thinking:
        m_held += delta;
        feedThinking(reasoning, content);
        return;
    case State::AfterClosing: {
        // Models put a blank line or two between </think> and the answer: not part of it.
        const qsizetype spaces = leadingSpaces(delta);
        if (spaces == delta.size())
            return;
        m_state = State::Answer;
        content += delta.sliced(spaces);
        return;
    }
    case State::Answer:
        content += delta;
        return;
    }
}

void ThinkTagSplitter::feedThinking(QString &reasoning, QString &content)
{
    const qsizetype close = m_held.indexOf(CloseTag);
    if (close >= 0) {
        // The whitespace before </think> is layout, like the blank line after <think>.
        appendReasoning(trimmedEnd(QStringView(m_held).first(close)), reasoning);
        const QString after = m_held.sliced(close + CloseTag.size());
        m_held.clear();
        m_state = State::AfterClosing;
        feed(after, reasoning, content);
        return;
    }
    // Held back: a piece of </think> at the end, and the whitespace before it, which is dropped
    // if the tag follows.
    qsizetype keep = tagPrefixAtEnd(m_held, CloseTag);
    while (keep < m_held.size() && m_held.at(m_held.size() - keep - 1).isSpace())
        ++keep;
    appendReasoning(QStringView(m_held).first(m_held.size() - keep), reasoning);
    m_held.remove(0, m_held.size() - keep);
}

void ThinkTagSplitter::appendReasoning(QStringView text, QString &reasoning)
{
    if (!m_reasoningBegun)
        text = text.sliced(leadingSpaces(text)); // the line break models put after <think>
    if (text.isEmpty())
        return;
    m_reasoningBegun = true;
    reasoning += text;
}

void ThinkTagSplitter::finish(QString &reasoning, QString &content)
{
    switch (m_state) {
    case State::Opening:
        content += m_held; // never became <think>: it was the answer
        break;
    case State::Thinking:
        appendReasoning(trimmedEnd(m_held), reasoning);
        break;
    case State::AfterClosing:
    case State::Answer:
        break;
    }
    m_held.clear();
}

void ThinkTagSplitter::reset()
{
    m_state = State::Opening;
    m_held.clear();
    m_reasoningBegun = false;
}
