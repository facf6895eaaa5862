// SPDX-License-Identifier: GPL-3.0-or-later
// Any text (UTF-8) into MarkdownBlockScanner. Besides not crashing and no undefined behaviour,
// the blocks are in order, within the text, separated only by blank space, and the two
// properties MarkdownBlocks relies on hold: scanning from any block's start gives the blocks
// from there on, and where a block starts depends only on the lines up to its first.
#include "fuzzcheck.h"

#include "markdownblockscanner.h"

#include <QString>

#include <algorithm>

using FuzzCheck::check;

namespace {

bool blankBetween(QStringView text)
{
    for (const QChar c : text) {
        if (c != u' ' && c != u'\t' && c != u'\r' && c != u'\n')
            return false;
    }
    return true;
}

// Where the line starting at `start` ends, its line break included.
qsizetype lineEnd(const QString &text, qsizetype start)
{
    const qsizetype br = text.indexOf(u'\n', start);
    return br < 0 ? text.size() : br + 1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<MarkdownBlock> blocks = MarkdownBlockScanner(text).scan(0);

    qsizetype previousEnd = 0;
    for (const MarkdownBlock &block : blocks) {
        check(previousEnd <= block.start && block.start < block.end && block.end <= text.size(),
              "blocks out of order or outside the text");
        check(blankBetween(QStringView(text).sliced(previousEnd, block.start - previousEnd)),
              "text between blocks that is not blank");
        check(block.start == 0 || text.at(block.start - 1) == u'\n', "a block that does not start a line");
        if (block.kind == MarkdownBlock::Kind::Code) {
            check(block.start < block.codeStart, "code before its fence");
            check(block.codeStart <= block.codeEnd && block.codeEnd <= text.size(), "code outside the text");
            check(block.fenceIndent >= 0 && block.fenceIndent <= 3, "a fence indented as code");
            const QString code = MarkdownBlockScanner::code(text, block);
            check(code.size() <= block.codeEnd - block.codeStart, "more code than its lines hold");
        }
        previousEnd = block.end;
    }
    check(blankBetween(QStringView(text).sliced(previousEnd)), "text after the last block that is not blank");

    // Bounded, so that a long input with many blocks stays fast.
    const qsizetype checked = std::min<qsizetype>(blocks.size(), 24);
    for (qsizetype i = 1; i < checked; ++i) {
        const QList<MarkdownBlock> tail = MarkdownBlockScanner(text).scan(blocks.at(i).start);
        check(tail == blocks.sliced(i), "scanning from a block's start gave other blocks");

        // The text cut after the first line of block i: blocks 0..i start where they did.
        const QString head = text.left(lineEnd(text, blocks.at(i).start));
        const QList<MarkdownBlock> headBlocks = MarkdownBlockScanner(head).scan(0);
        check(headBlocks.size() == i + 1, "a block's start depends on lines after it");
        for (qsizetype j = 0; j <= i; ++j)
            check(headBlocks.at(j).start == blocks.at(j).start, "a block's start depends on lines after it");
    }
    return 0;
}
