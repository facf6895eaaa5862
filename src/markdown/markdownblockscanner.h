// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "markdownblock.h"
#include "markdownlines.h"

#include <QList>
#include <QStringView>

// Splits markdown into top-level blocks (paragraphs, headings, lists, quotes, tables, fenced code)
// line by line, splitting only where md4c, Qt's markdown parser, ends a block too, so that each
// block rendered on its own looks as it would in the whole text.
//
// A block depends on its own lines only, never on what came before it, so scanning from the start
// of any block gives the same blocks as scanning from the top; and where a block starts depends
// only on lines up to its first one. MarkdownBlocks relies on both to re-scan only the tail of a
// growing text. What each line may be is MarkdownLines'; this groups the lines into blocks.
class MarkdownBlockScanner
{
public:
    explicit MarkdownBlockScanner(QStringView text);

    // The blocks from `from`, which is 0 or the start of a block, to the end of the text. A last
    // line without a line break is scanned as if it had one.
    QList<MarkdownBlock> scan(qsizetype from) const;

    // A fenced block's code: its lines without the fence's indentation, without the last break.
    static QString code(QStringView text, const MarkdownBlock &block);

private:
    using Line = MarkdownLines::Line;
    using Fence = MarkdownLines::Fence;
    using ListItem = MarkdownLines::ListItem;

    qsizetype scanBlock(const Line &first, MarkdownBlock &block) const;
    qsizetype scanFence(const Line &first, const Fence &fence, MarkdownBlock &block) const;
    qsizetype scanList(const Line &first, int contentIndent, MarkdownBlock &block) const;
    qsizetype scanQuote(const Line &first, MarkdownBlock &block) const;
    qsizetype scanTable(const Line &first, MarkdownBlock &block) const;
    qsizetype scanIndentedCode(const Line &first, MarkdownBlock &block) const;
    qsizetype scanParagraph(const Line &first, MarkdownBlock &block) const;
    bool onlyDefinitions(qsizetype from, qsizetype to) const;

    QStringView m_text;
    MarkdownLines m_lines;
};
