// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownblockscanner.h"

#include "markdownlinkdefinitions.h"

#include <algorithm>

MarkdownBlockScanner::MarkdownBlockScanner(QStringView text)
    : m_text(text)
    , m_lines(text)
{}

QList<MarkdownBlock> MarkdownBlockScanner::scan(qsizetype from) const
{
    QList<MarkdownBlock> blocks;
    qsizetype pos = from;
    while (pos < m_text.size()) {
        const Line l = m_lines.line(pos);
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

qsizetype MarkdownBlockScanner::scanBlock(const Line &first, MarkdownBlock &block) const
{
    block.start = first.start;
    block.end = first.end;
    if (Fence fence; m_lines.openingFence(first, &fence))
        return scanFence(first, fence, block);
    if (m_lines.isAtxHeading(first) || m_lines.isThematicBreak(first))
        return first.next;
    if (m_lines.isQuote(first))
        return scanQuote(first, block);
    if (ListItem item; m_lines.listItem(first, &item))
        return scanList(first, item.contentIndent, block);
    if (first.indent >= 4)
        return scanIndentedCode(first, block);
    // md4c reads a table only where its header would be a paragraph's first line.
    if (first.next < m_text.size() && m_lines.isTableUnderline(m_lines.line(first.next)))
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
        const Line l = m_lines.line(pos);
        if (m_lines.closesFence(l, fence)) {
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
        Line l = m_lines.line(pos);
        const bool afterBlank = l.blank;
        if (afterBlank && (l = m_lines.nextNonBlank(l)).blank)
            break;
        ListItem item;
        if (l.indent >= contentIndent) {
            // inside the last item
        } else if (!m_lines.isThematicBreak(l) && m_lines.listItem(l, &item)) {
            contentIndent = item.contentIndent;
        } else if (afterBlank || m_lines.interruptsParagraph(l)) {
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
        const Line l = m_lines.line(pos);
        if (l.blank || (!m_lines.isQuote(l) && m_lines.interruptsParagraph(l)))
            break;
        block.end = l.end; // a quoted line, or a lazy continuation of the quote's paragraph
        pos = l.next;
    }
    return pos;
}

qsizetype MarkdownBlockScanner::scanTable(const Line &first, MarkdownBlock &block) const
{
    const Line underline = m_lines.line(first.next);
    block.end = underline.end;
    qsizetype pos = underline.next;
    while (pos < m_text.size()) {
        const Line l = m_lines.line(pos);
        // Newer md4c ends a table at a line without a pipe, older at a blank line only: ending it
        // at either gives the newer rendering whichever Qt runs.
        if (l.blank || !m_lines.hasPipe(l) || m_lines.openingFence(l, nullptr))
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
        Line l = m_lines.line(pos);
        if (l.blank && (l = m_lines.nextNonBlank(l)).blank)
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
        const Line l = m_lines.line(pos);
        if (l.blank || m_lines.interruptsParagraph(l))
            break;
        // An underline makes the paragraph a heading, and the next line starts a block afresh;
        // but not under link reference definitions alone, which leave no paragraph to underline.
        const bool heading = m_lines.isSetextUnderline(l) && !onlyDefinitions(first.content, l.start);
        block.end = l.end;
        pos = l.next;
        if (heading)
            break;
    }
    return pos;
}

bool MarkdownBlockScanner::onlyDefinitions(qsizetype from, qsizetype to) const
{
    const QStringView lines = m_text.sliced(from, to - from);
    QString label;
    qsizetype pos = 0;
    for (qsizetype end;
         pos < lines.size() && (end = MarkdownLinkDefinitions::parse(lines, pos, &label)) >= 0;) {
        pos = end;
        while (pos < lines.size() && (lines.at(pos) == u' ' || lines.at(pos) == u'\t'))
            ++pos;
    }
    return pos == lines.size();
}
