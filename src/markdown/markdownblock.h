// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One top-level block of a message's markdown, as offsets into the message's text.
struct MarkdownBlock
{
    enum class Kind { Text, Code };

    Kind kind = Kind::Text;
    qsizetype start = 0; // the first character of the block's first line
    qsizetype end = 0;   // just past the last character of its last line, line break excluded

    // Fenced code only: the lines between the fences (codeEnd is the closing fence's line, or the
    // end of the text while the fence is still open) and the opening fence's indentation, which
    // each code line loses.
    qsizetype codeStart = 0;
    qsizetype codeEnd = 0;
    int fenceIndent = 0;
    QString language;
    bool closed = true;

    friend bool operator==(const MarkdownBlock &, const MarkdownBlock &) = default;
};
