// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "markdownblock.h"

#include <QList>
#include <QStringView>

// Splits markdown into top-level blocks (paragraphs, headings, lists, quotes, tables, fenced code)
// line by line, splitting only where md4c, Qt's markdown parser, ends a block too, so that each
// block rendered on its own looks as it would in the whole text.
//
// A block depends on its own lines only, never on what came before it, so scanning from the start
// of any block gives the same blocks as scanning from the top; and where a block starts depends
// only on lines up to its first one. MarkdownBlocks relies on both to re-scan only the tail of a
// growing text.
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
    struct Line
    {
        qsizetype start = 0;
        qsizetype end = 0;     // line break (and a carriage return before it) excluded
        qsizetype next = 0;    // the next line's start, or the text's end
        qsizetype content = 0; // the first character after the indentation
        int indent = 0;        // columns, a tab advancing to the next multiple of 4
        bool blank = true;
    };
    struct Fence
    {
        QChar marker;
        qsizetype length = 0;
        QString language;
    };
    struct ListItem
    {
        int contentIndent = 0;
        bool ordered = false;
        bool empty = false;
        int number = 0;
    };

    Line line(qsizetype pos) const;
    Line nextNonBlank(Line l) const; // l itself if it is not blank; a blank line at the end if none
    qsizetype scanBlock(const Line &first, MarkdownBlock &block) const;
    qsizetype scanFence(const Line &first, const Fence &fence, MarkdownBlock &block) const;
    qsizetype scanList(const Line &first, int contentIndent, MarkdownBlock &block) const;
    qsizetype scanQuote(const Line &first, MarkdownBlock &block) const;
    qsizetype scanTable(const Line &first, MarkdownBlock &block) const;
    qsizetype scanIndentedCode(const Line &first, MarkdownBlock &block) const;
    qsizetype scanParagraph(const Line &first, MarkdownBlock &block) const;

    bool isAtxHeading(const Line &l) const;
    bool isThematicBreak(const Line &l) const;
    bool isSetextUnderline(const Line &l) const;
    bool isQuote(const Line &l) const;
    bool isTableUnderline(const Line &l) const;
    bool openingFence(const Line &l, Fence *fence) const;
    bool closesFence(const Line &l, const Fence &fence) const;
    bool listItem(const Line &l, ListItem *item) const;
    bool interruptsParagraph(const Line &l) const;
    qsizetype run(qsizetype pos, qsizetype end, QChar c) const;
    bool onlySpaceFrom(qsizetype pos, qsizetype end) const;

    QStringView m_text;
};
