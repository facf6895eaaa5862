// SPDX-License-Identifier: GPL-3.0-or-later
#include "codesyntaxhighlighter.h"

#include <QColor>
#include <QTextBlock>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The palette's entry for a scope, or for the scope it refines ("title.function" → "title").
QVariant lookUp(const QVariantMap &palette, QString scope)
{
    for (;;) {
        const auto found = palette.constFind(scope);
        if (found != palette.cend())
            return found.value();
        const qsizetype dot = scope.lastIndexOf(u'.');
        if (dot < 0)
            return {};
        scope.truncate(dot);
    }
}

// The innermost scope of the chain the palette knows.
QColor colourFor(const QVariantMap &palette, const QStringList &chain)
{
    for (auto scope = chain.crbegin(); scope != chain.crend(); ++scope) {
        const QVariant value = lookUp(palette, *scope);
        if (value.isValid())
            return value.value<QColor>();
    }
    return {};
}

} // namespace

CodeSyntaxHighlighter::CodeSyntaxHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{}

void CodeSyntaxHighlighter::setHighlight(const CodeHighlight &highlight)
{
    m_highlight = highlight;
    rebuildFormats();
    rehighlight();
}

void CodeSyntaxHighlighter::setPalette(const QVariantMap &colours, const QVariantMap &backgrounds)
{
    if (colours == m_colours && backgrounds == m_backgrounds)
        return;
    m_colours = colours;
    m_backgrounds = backgrounds;
    rebuildFormats();
    rehighlight();
}

void CodeSyntaxHighlighter::rebuildFormats()
{
    m_formats.clear();
    m_formats.reserve(m_highlight.scopes.size());
    for (const QString &scopes : std::as_const(m_highlight.scopes))
        m_formats.append(formatFor(scopes.split(u' ', Qt::SkipEmptyParts)));
}

QTextCharFormat CodeSyntaxHighlighter::formatFor(const QStringList &chain) const
{
    QTextCharFormat format;
    const QColor colour = colourFor(m_colours, chain);
    if (colour.isValid())
        format.setForeground(colour);
    const QColor background = colourFor(m_backgrounds, chain);
    if (background.isValid())
        format.setBackground(background);
    // As highlight.js's own themes do: headings and strong text bold, emphasis italic.
    if (chain.contains(u"section"_s) || chain.contains(u"strong"_s))
        format.setFontWeight(QFont::Bold);
    if (chain.contains(u"emphasis"_s))
        format.setFontItalic(true);
    return format;
}

void CodeSyntaxHighlighter::highlightBlock(const QString &text)
{
    const int start = currentBlock().position();
    const int end = start + int(text.size());
    const QList<CodeHighlight::Run> &runs = m_highlight.runs;
    // The first run that ends after this line starts.
    auto run =
        std::upper_bound(runs.cbegin(), runs.cend(), start, [](int position, const CodeHighlight::Run &r) {
            return position < r.start + r.length;
        });
    for (; run != runs.cend() && run->start < end; ++run) {
        const int from = std::max(run->start, start);
        const int to = std::min(run->start + run->length, end);
        if (to > from && run->scope < m_formats.size())
            setFormat(from - start, to - from, m_formats.at(run->scope));
    }
}
