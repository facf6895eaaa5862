// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

// The lines of a markdown text and what each one may be by md4c's rules (Qt's markdown parser): a
// heading, a fence opening or closing a code block, a list item, a quote, a table's underline, or a
// line that interrupts a paragraph. Each answer depends on the line alone; MarkdownBlockScanner
// groups the lines into blocks.
class MarkdownLines
{
public:
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

    explicit MarkdownLines(QStringView text);

    Line line(qsizetype pos) const;
    Line nextNonBlank(Line l) const; // l itself if it is not blank; a blank line at the end if none

    bool isAtxHeading(const Line &l) const;
    bool isThematicBreak(const Line &l) const;
    bool isSetextUnderline(const Line &l) const;
    bool isQuote(const Line &l) const;
    bool isTableUnderline(const Line &l) const;
    bool hasPipe(const Line &l) const;
    bool openingFence(const Line &l, Fence *fence) const;
    bool closesFence(const Line &l, const Fence &fence) const;
    bool listItem(const Line &l, ListItem *item) const;
    bool interruptsParagraph(const Line &l) const;

private:
    qsizetype run(qsizetype pos, qsizetype end, QChar c) const;
    bool onlySpaceFrom(qsizetype pos, qsizetype end) const;

    QStringView m_text;
};
