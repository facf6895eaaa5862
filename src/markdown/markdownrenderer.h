// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTextDocument>

// Renders one block of a model's markdown to rich text for a QML Text, with Qt's own GitHub
// dialect, made safe to show: HTML in the markdown stays text, an image becomes a link to it (a
// reply never makes the app fetch anything), and a link keeps its href only when it is http,
// https or mailto (its address only), so a click can do nothing worse than open the browser or
// a new mail to that address.
class MarkdownRenderer
{
public:
    MarkdownRenderer();

    // The <html> document for the markdown, without the DOCTYPE (and its URL) or a font of its
    // own: the view's font applies. Its formulas are their source, marked for a view to typeset
    // (MathMarkup); while `streaming`, one still open at the end is its source, unmarked.
    QString toHtml(const QString &markdown, bool streaming = false);

    // href itself when a click may open it (http, https), a mailto: with its address only (no
    // query), "http://" + href for a bare www. autolink, else empty.
    static QString safeHref(const QString &href);

private:
    void makeSafe();
    // Lighter than Qt's defaults: single-line tables with room in their cells, headings a step
    // above the text rather than poster-sized, block quotes muted.
    void applyStyle();

    QTextDocument m_document; // reused from one render to the next
};
