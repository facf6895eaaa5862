// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchsnippet.h"

#include "snippetwindow.h"

using namespace Qt::StringLiterals;

QString SearchSnippet::toHtml(const QString &whole)
{
    // The store bounds its snippets already; a snippet from anywhere else is bounded here.
    const QString marked = SnippetWindow::clamp(whole);
    constexpr QChar startMark(0x02);
    constexpr QChar endMark(0x03);

    QString html;
    html.reserve(marked.size() + 16);
    QString text;
    const auto flushText = [&] {
        html += text.toHtmlEscaped();
        text.clear();
    };
    bool inMatch = false;
    for (const QChar c : marked) {
        if (c == startMark || c == endMark) {
            // Marks that do not pair up are dropped rather than left unbalanced.
            if ((c == startMark) != inMatch) {
                flushText();
                html += inMatch ? u"</b>"_s : u"<b>"_s;
                inMatch = !inMatch;
            }
        } else if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
                   c == QChar::ParagraphSeparator) {
            text += u' '; // one line: newlines and tabs become spaces
        } else {
            text += c;
        }
    }
    flushText();
    if (inMatch)
        html += u"</b>"_s;
    return html;
}
