// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codehighlight.h"

#include <QHash>
#include <QList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <QVariantMap>

// Colours a code block's document from a CodeHighlight: each run's characters take the colour
// the palette gives its innermost scope that has one ("meta string" is a string; "title.function"
// falls back to "title"). Only formats are set, on the document's own plain text: nothing of the
// code is ever read as markup, and copying it copies the code.
class CodeSyntaxHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit CodeSyntaxHighlighter(QTextDocument *document);

    // The runs may cover only the start of the text (a block still streaming): the rest is plain.
    void setHighlight(const CodeHighlight &highlight);
    // Scope → colour, and scope → background (diff's additions and deletions).
    void setPalette(const QVariantMap &colours, const QVariantMap &backgrounds);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat formatFor(const QStringList &chain) const;
    void rebuildFormats();

    CodeHighlight m_highlight;
    QVariantMap m_colours;
    QVariantMap m_backgrounds;
    QList<QTextCharFormat> m_formats; // one per scope of m_highlight
};
