// SPDX-License-Identifier: GPL-3.0-or-later
#include "snippetwindow.h"

#include <algorithm>

namespace {

constexpr QChar startMark(0x02);
constexpr QChar endMark(0x03);
constexpr QChar ellipsis(0x2026);

} // namespace

QString SnippetWindow::clamp(const QString &marked, qsizetype maxChars)
{
    if (marked.size() <= maxChars)
        return marked;
    // Some context before the first match, the rest after it.
    const qsizetype match = std::max<qsizetype>(0, marked.indexOf(startMark));
    qsizetype begin = std::max<qsizetype>(0, match - maxChars / 3);
    qsizetype end = std::min(marked.size(), begin + maxChars);
    begin = std::max<qsizetype>(0, end - maxChars);
    // Never half a surrogate pair at either edge.
    if (begin > 0 && marked.at(begin).isLowSurrogate())
        ++begin;
    if (end < marked.size() && marked.at(end - 1).isHighSurrogate())
        --end;

    QString window = marked.mid(begin, end - begin);
    // No mark lies before the first match, so only the end can cut a highlight open.
    if (window.lastIndexOf(startMark) > window.lastIndexOf(endMark))
        window += endMark;
    if (begin > 0)
        window.prepend(ellipsis);
    if (end < marked.size())
        window += ellipsis;
    return window;
}
