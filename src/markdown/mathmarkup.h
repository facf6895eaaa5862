// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mathspan.h"

#include <QList>
#include <QString>

class QTextDocument;

// How formulas cross MarkdownRenderer untouched, and how a view finds them in its HTML.
//
// Before md4c, each formula becomes a placeholder of private-use characters, which no markdown
// rule reads; after, the placeholder becomes the formula's source, shown as written, between two
// HTML comments that name it (<!--math D|I tex source-->…<!--/math-->, percent-encoded). Rich
// text ignores the comments: until a view puts the typeset formula in their place (MathText),
// the source is what shows. A formula still streaming is its source alone, unmarked.
class MathMarkup
{
public:
    struct Marked
    {
        qsizetype start = 0; // the opening comment in the HTML
        qsizetype end = 0;   // past the closing one
        QString tex;
        bool display = false;
        QString source; // with its delimiters, as the markdown has it
    };

    static QString protect(const QString &markdown, const QList<MathSpan> &spans);
    // Display formulas on lines of their own: blocks of their own, or lines of their own in a
    // list item or a table cell.
    static void placeDisplayFormulas(QTextDocument *document, const QList<MathSpan> &spans);
    static QString restore(const QString &html, const QString &markdown, const QList<MathSpan> &spans);

    static QList<Marked> marked(const QString &html);

private:
    static QString placeholder(qsizetype index);
};
