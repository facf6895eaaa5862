// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownblockscanner.h"

#include <algorithm>

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

MarkdownBlockScanner::MarkdownBlockScanner(QStringView text)
    : m_text(text)
{}

QList<MarkdownBlock> MarkdownBlockScanner::scan(qsizetype from) const
{
    QList<MarkdownBlock> blocks;
    qsizetype pos = from;
    while (pos < m_text.size()) {
        const Line l = line(pos);
        if (l.blank) {
            pos = l.next;
            continue;
        }
        MarkdownBlock block;
        pos = scanBlock(l, block);
        blocks.append(std::move(block));
    }
    return blocks;
}

QString MarkdownBlockScanner::code(QStringView text, const MarkdownBlock &block)
{
    QStringView lines = text.sliced(block.codeStart, block.codeEnd - block.codeStart);
    if (lines.endsWith(u'\n'))
        lines.chop(1);
    if (lines.endsWith(u'\r'))
        lines.chop(1);
    if (block.fenceIndent == 0 && !lines.contains(u'\r'))
        return lines.toString();

    QString code;
    code.reserve(lines.size());
    qsizetype pos = 0;
    while (pos <= lines.size()) {
        qsizetype end = lines.indexOf(u'\n', pos);
        const qsizetype next = end < 0 ? lines.size() + 1 : end + 1;
        if (end < 0)
            end = lines.size();
        qsizetype lineEnd = end;
        if (lineEnd > pos && lines.at(lineEnd - 1) == u'\r')
            --lineEnd;
        qsizetype content = pos;
        // Code lines lose as much of the opening fence's indentation as they have.
        for (int dropped = 0; dropped < block.fenceIndent && content < lineEnd && lines.at(content) == u' ';
             ++dropped)
            ++content;
        code += lines.sliced(content, lineEnd - content);
        if (end < lines.size())
            code += u'\n';
        pos = next;
    }
    return code;
}

MarkdownBlockScanner::Line MarkdownBlockScanner::line(qsizetype pos) const
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

MarkdownBlockScanner::Line MarkdownBlockScanner::nextNonBlank(Line l) const
{
    while (l.blank && l.next < m_text.size())
        l = line(l.next);
    return l;
}

qsizetype MarkdownBlockScanner::scanBlock(const Line &first, MarkdownBlock &block) const
{
    block.start = first.start;
    block.end = first.end;
    if (Fence fence; openingFence(first, &fence))
        return scanFence(first, fence, block);
    if (isAtxHeading(first) || isThematicBreak(first))
        return first.next;
    if (isQuote(first))
        return scanQuote(first, block);
    if (ListItem item; listItem(first, &item))
        return scanList(first, item.contentIndent, block);
    if (first.indent >= 4)
        return scanIndentedCode(first, block);
    // md4c reads a table only where its header would be a paragraph's first line.
    if (first.next < m_text.size() && isTableUnderline(line(first.next)))
        return scanTable(first, block);
    return scanParagraph(first, block);
}

qsizetype MarkdownBlockScanner::scanFence(const Line &first, const Fence &fence, MarkdownBlock &block) const
{
    block.kind = MarkdownBlock::Kind::Code;
    block.language = fence.language;
    block.fenceIndent = first.indent;
    block.codeStart = first.next;
    qsizetype pos = first.next;
    while (pos < m_text.size()) {
        const Line l = line(pos);
        if (closesFence(l, fence)) {
            block.codeEnd = l.start;
            block.end = l.end;
            block.closed = true;
            return l.next;
        }
        pos = l.next;
    }
    // Still open: a reply being streamed is in the middle of it, or a reply that ended without it.
    block.codeEnd = m_text.size();
    block.end = m_text.size();
    if (block.end > block.codeStart && m_text.at(block.end - 1) == u'\n')
        --block.end;
    if (block.end > block.codeStart && m_text.at(block.end - 1) == u'\r')
        --block.end;
    block.end = std::max(block.end, first.end);
    block.closed = false;
    return m_text.size();
}

qsizetype MarkdownBlockScanner::scanList(const Line &first, int contentIndent, MarkdownBlock &block) const
{
    qsizetype pos = first.next;
    while (pos < m_text.size()) {
        Line l = line(pos);
        const bool afterBlank = l.blank;
        if (afterBlank && (l = nextNonBlank(l)).blank)
            break;
        ListItem item;
        if (l.indent >= contentIndent) {
            // inside the last item
        } else if (!isThematicBreak(l) && listItem(l, &item)) {
            contentIndent = item.contentIndent;
        } else if (afterBlank || interruptsParagraph(l)) {
            break; // after a blank line only an item or an indented line goes on with the list
        }          // else a lazy continuation of the last item's paragraph
        block.end = l.end;
        pos = l.next;
    }
    return pos;
}

qsizetype MarkdownBlockScanner::scanQuote(const Line &first, MarkdownBlock &block) const
{
    qsizetype pos = first.next;
    while (pos < m_text.size()) {
        const Line l = line(pos);
        if (l.blank || (!isQuote(l) && interruptsParagraph(l)))
            break;
        block.end = l.end; // a quoted line, or a lazy continuation of the quote's paragraph
        pos = l.next;
    }
    return pos;
}

qsizetype MarkdownBlockScanner::scanTable(const Line &first, MarkdownBlock &block) const
{
    const Line underline = line(first.next);
    block.end = underline.end;
    qsizetype pos = underline.next;
    while (pos < m_text.size()) {
        const Line l = line(pos);
        // Newer md4c ends a table at a line without a pipe, older at a blank line only: ending it
        // at either gives the newer rendering whichever Qt runs.
        if (l.blank || !m_text.sliced(l.content, l.end - l.content).contains(u'|') ||
            openingFence(l, nullptr))
            break;
        block.end = l.end;
        pos = l.next;
    }
    return pos;
}

qsizetype MarkdownBlockScanner::scanIndentedCode(const Line &first, MarkdownBlock &block) const
{
    qsizetype pos = first.next;
    while (pos < m_text.size()) {
        Line l = line(pos);
        if (l.blank && (l = nextNonBlank(l)).blank)
            break;
        if (l.indent < 4)
            break;
        block.end = l.end;
        pos = l.next;
    }
    return pos;
}

qsizetype MarkdownBlockScanner::scanParagraph(const Line &first, MarkdownBlock &block) const
{
    qsizetype pos = first.next;
    while (pos < m_text.size()) {
        const Line l = line(pos);
        if (l.blank || interruptsParagraph(l))
            break;
        block.end = l.end;
        pos = l.next;
        if (isSetextUnderline(l))
            break; // the paragraph is a heading, and the next line starts a block afresh
    }
    return pos;
}

bool MarkdownBlockScanner::isAtxHeading(const Line &l) const
{
    if (l.indent > 3 || l.blank || m_text.at(l.content) != u'#')
        return false;
    const qsizetype hashes = run(l.content, l.end, u'#');
    const qsizetype after = l.content + hashes;
    return hashes <= 6 && (after == l.end || isSpace(m_text.at(after)));
}

bool MarkdownBlockScanner::isThematicBreak(const Line &l) const
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

bool MarkdownBlockScanner::isSetextUnderline(const Line &l) const
{
    if (l.indent > 3 || l.blank)
        return false;
    const QChar c = m_text.at(l.content);
    return (c == u'=' || c == u'-') && onlySpaceFrom(l.content + run(l.content, l.end, c), l.end);
}

bool MarkdownBlockScanner::isQuote(const Line &l) const
{
    return l.indent <= 3 && !l.blank && m_text.at(l.content) == u'>';
}

bool MarkdownBlockScanner::isTableUnderline(const Line &l) const
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

bool MarkdownBlockScanner::openingFence(const Line &l, Fence *fence) const
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

bool MarkdownBlockScanner::closesFence(const Line &l, const Fence &fence) const
{
    if (l.indent > 3 || l.blank || m_text.at(l.content) != fence.marker)
        return false;
    const qsizetype length = run(l.content, l.end, fence.marker);
    return length >= fence.length && onlySpaceFrom(l.content + length, l.end);
}

bool MarkdownBlockScanner::listItem(const Line &l, ListItem *item) const
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

bool MarkdownBlockScanner::interruptsParagraph(const Line &l) const
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

qsizetype MarkdownBlockScanner::run(qsizetype pos, qsizetype end, QChar c) const
{
    qsizetype i = pos;
    while (i < end && m_text.at(i) == c)
        ++i;
    return i - pos;
}

bool MarkdownBlockScanner::onlySpaceFrom(qsizetype pos, qsizetype end) const
{
    for (qsizetype i = pos; i < end; ++i) {
        if (!isSpace(m_text.at(i)))
            return false;
    }
    return true;
}
