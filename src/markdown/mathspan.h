// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One formula in a block's markdown: `$…$`, `\(…\)` (inline), `$$…$$`, `\[…\]` (display).
struct MathSpan
{
    qsizetype start = 0; // the opening delimiter
    qsizetype end = 0;   // just past the closing delimiter; the text's end while it is open
    QString tex;         // between the delimiters (a quote's markers on later lines left out)
    bool display = false;
    bool closed = true; // false: still streaming, shown as its source until it closes

    friend bool operator==(const MathSpan &, const MathSpan &) = default;
};
