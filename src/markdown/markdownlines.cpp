// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownlines.h"

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

MarkdownLines::MarkdownLines(QStringView text)
    : m_text(text)
{}

bool MarkdownLines::hasPipe(const Line &l) const
{
    return m_text.sliced(l.content, l.end - l.content).contains(u'|');
}

MarkdownLines::Line MarkdownLines::line(qsizetype pos) const
{
    Line l;
    l.start = pos;
    const qsizetype br = m_text.indexOf(u'\n', pos);
    l.end = br < 0 ? m_text.size() : br;
    l.next = br < 0 ? m_text.size() : br + 1;
    if (l.end > pos && m_text.at(l.end - 1) == u'\r')
        --l.end;
    qsizetype i = pos;
    int column = 0;
    for (; i < l.end && isSpace(m_text.at(i)); ++i)
        column += m_text.at(i) == u'\t' ? 4 - column % 4 : 1;
    l.content = i;
    l.indent = column;
    l.blank = i == l.end;
    return l;
}

MarkdownLines::Line MarkdownLines::nextNonBlank(Line l) const
{
    while (l.blank && l.next < m_text.size())
        l = line(l.next);
    return l;
}

bool MarkdownLines::isAtxHeading(const Line &l) const
{
    if (l.indent > 3 || l.blank || m_text.at(l.content) != u'#')
        return false;
    const qsizetype hashes = run(l.content, l.end, u'#');
    const qsizetype after = l.content + hashes;
    return hashes <= 6 && (after == l.end || isSpace(m_text.at(after)));
}

bool MarkdownLines::isThematicBreak(const Line &l) const
{
    if (l.indent > 3 || l.blank)
        return false;
    const QChar c = m_text.at(l.content);
    if (c != u'-' && c != u'*' && c != u'_')
        return false;
    int count = 0;
    for (qsizetype i = l.content; i < l.end; ++i) {
        if (m_text.at(i) == c)
            ++count;
        else if (!isSpace(m_text.at(i)))
            return false;
    }
    return count >= 3;
}

bool MarkdownLines::isSetextUnderline(const Line &l) const
{
    if (l.indent > 3 || l.blank)
        return false;
    const QChar c = m_text.at(l.content);
    return (c == u'=' || c == u'-') && onlySpaceFrom(l.content + run(l.content, l.end, c), l.end);
}

bool MarkdownLines::isQuote(const Line &l) const
{
    return l.indent <= 3 && !l.blank && m_text.at(l.content) == u'>';
}

bool MarkdownLines::isTableUnderline(const Line &l) const
{
    // md4c's rule: cells of at least three of ":-", at least one pipe, nothing else.
    if (l.indent > 3 || l.blank)
        return false;
    qsizetype i = l.content;
    bool pipe = false;
    const auto skipSpace = [&] {
        while (i < l.end && isSpace(m_text.at(i)))
            ++i;
    };
    if (m_text.at(i) == u'|') {
        pipe = true;
        ++i;
        skipSpace();
    }
    while (true) {
        const qsizetype cell = i;
        if (i < l.end && m_text.at(i) == u':')
            ++i;
        i += run(i, l.end, u'-');
        if (i < l.end && m_text.at(i) == u':')
            ++i;
        if (i - cell < 3)
            return false;
        skipSpace();
        bool delimited = false;
        if (i < l.end && m_text.at(i) == u'|') {
            pipe = delimited = true;
            ++i;
            skipSpace();
        }
        if (i >= l.end)
            return pipe;
        if (!delimited)
            return false;
    }
}

bool MarkdownLines::openingFence(const Line &l, Fence *fence) const
{
    if (l.indent > 3 || l.blank)
        return false;
    const QChar c = m_text.at(l.content);
    if (c != u'`' && c != u'~')
        return false;
    const qsizetype length = run(l.content, l.end, c);
    if (length < 3)
        return false;
    const QStringView info = m_text.sliced(l.content + length, l.end - l.content - length).trimmed();
    if (c == u'`' && info.contains(u'`'))
        return false; // an inline code span, not a fence
    if (fence) {
        fence->marker = c;
        fence->length = length;
        qsizetype word = 0;
        while (word < info.size() && !info.at(word).isSpace())
            ++word;
        fence->language = info.first(word).toString();
    }
    return true;
}

bool MarkdownLines::closesFence(const Line &l, const Fence &fence) const
{
    if (l.indent > 3 || l.blank || m_text.at(l.content) != fence.marker)
        return false;
    const qsizetype length = run(l.content, l.end, fence.marker);
    return length >= fence.length && onlySpaceFrom(l.content + length, l.end);
}

bool MarkdownLines::listItem(const Line &l, ListItem *item) const
{
    if (l.indent > 3 || l.blank)
        return false;
    qsizetype i = l.content;
    const QChar c = m_text.at(i);
    ListItem found;
    if (c == u'-' || c == u'+' || c == u'*') {
        ++i;
    } else {
        // md4c's rule: one to nine ASCII digits (a tenth would overflow the number, and other
        // scripts' digits make no list there).
        int digits = 0;
        while (i < l.end && isAsciiDigit(m_text.at(i))) {
            if (++digits > 9)
                return false;
            found.number = found.number * 10 + (m_text.at(i).unicode() - u'0');
            ++i;
        }
        if (digits == 0 || i >= l.end || (m_text.at(i) != u'.' && m_text.at(i) != u')'))
            return false;
        found.ordered = true;
        ++i;
    }
    const int markerEnd = l.indent + int(i - l.content);
    if (i == l.end) {
        found.empty = true;
        found.contentIndent = markerEnd + 1;
    } else {
        if (!isSpace(m_text.at(i)))
            return false;
        int spaces = 0;
        for (int column = markerEnd; i < l.end && isSpace(m_text.at(i)); ++i) {
            const int width = m_text.at(i) == u'\t' ? 4 - column % 4 : 1;
            spaces += width;
            column += width;
        }
        found.empty = i == l.end;
        // Five spaces or more after the marker: the item's text is indented code, one space in.
        found.contentIndent = markerEnd + (found.empty || spaces > 4 ? 1 : spaces);
    }
    if (item)
        *item = found;
    return true;
}

bool MarkdownLines::interruptsParagraph(const Line &l) const
{
    if (l.indent > 3 || l.blank)
        return false;
    if (isAtxHeading(l) || openingFence(l, nullptr) || isQuote(l))
        return true;
    if (isThematicBreak(l))
        return !isSetextUnderline(l);
    ListItem item;
    return listItem(l, &item) && !item.empty && (!item.ordered || item.number == 1);
}

qsizetype MarkdownLines::run(qsizetype pos, qsizetype end, QChar c) const
{
    qsizetype i = pos;
    while (i < end && m_text.at(i) == c)
        ++i;
    return i - pos;
}

bool MarkdownLines::onlySpaceFrom(qsizetype pos, qsizetype end) const
{
    for (qsizetype i = pos; i < end; ++i) {
        if (!isSpace(m_text.at(i)))
            return false;
    }
    return true;
}
