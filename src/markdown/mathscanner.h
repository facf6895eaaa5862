// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mathspan.h"

#include <QList>
#include <QStringView>

// Finds the formulas of one text block's markdown before md4c sees it, so that its escapes
// (`\(` → `(`, `\,` → `,`) and emphasis (`a_1 … b_1`) leave them alone. Not in code spans, fenced
// or indented code; `\$` is a dollar. A single `$` opens only before a non-space and closes only
// after a non-space and before a non-digit, so prices ("$5 and $10") stay text, as in Pandoc.
class MathScanner
{
public:
    // withOpen: a `$$`, `\(` or `\[` that has no closing delimiter yet (the reply is still being
    // written) is a formula to the end of the text, shown as its source; otherwise it is text.
    static QList<MathSpan> scan(QStringView markdown, bool withOpen = false);
};
