// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamingmarkdown.h"

using namespace Qt::StringLiterals;

namespace {

// "[text](partial" at the end becomes "text"; "[text" alone may be plain brackets and stays.
QString withoutUnfinishedLink(const QString &text)
{
    const qsizetype open = text.lastIndexOf(u'[');
    if (open < 0)
        return text;
    const qsizetype middle = text.indexOf(u"]("_s, open);
    if (middle < 0 || text.indexOf(u')', middle) >= 0)
        return text;
    const qsizetype newline = text.indexOf(u'\n', open);
    if (newline >= 0 && newline < middle)
        return text;
    qsizetype start = open;
    if (start > 0 && text.at(start - 1) == u'!') // an image's alt text: shown as text anyway
        --start;
    return text.left(start) + text.mid(open + 1, middle - open - 1);
}

// Closes an inline code span and a bold run left open on the last line.
QString withClosedInlines(const QString &text)
{
    const qsizetype lineStart = text.lastIndexOf(u'\n') + 1;
    const QStringView line = QStringView(text).mid(lineStart);
    qsizetype ticks = 0;
    qsizetype stars = 0;
    bool inCode = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line.at(i) == u'`') {
            ++ticks;
            inCode = !inCode;
        } else if (!inCode && line.at(i) == u'*' && i + 1 < line.size() && line.at(i + 1) == u'*') {
            ++stars;
            ++i;
        }
    }
    QString settled = text;
    // A marker with nothing after it yet is dropped; one with text after it is closed, next to
    // the text (CommonMark does not close emphasis after a space).
    const auto close = [&settled](QStringView marker) {
        if (settled.endsWith(marker)) {
            settled.chop(marker.size());
            return;
        }
        while (!settled.isEmpty() && (settled.back() == u' ' || settled.back() == u'\t'))
            settled.chop(1);
        settled += marker;
    };
    if (ticks % 2 == 1)
        close(u"`");
    if (stars % 2 == 1)
        close(u"**");
    return settled;
}

} // namespace

QString StreamingMarkdown::settle(const QString &markdown)
{
    return withClosedInlines(withoutUnfinishedLink(markdown));
}
