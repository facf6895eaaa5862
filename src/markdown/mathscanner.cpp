// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathscanner.h"

using namespace Qt::StringLiterals;

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

qsizetype runOf(QStringView t, qsizetype pos, QChar c)
{
    qsizetype end = pos;
    while (end < t.size() && t.at(end) == c)
        ++end;
    return end - pos;
}

qsizetype lineEnd(QStringView t, qsizetype pos)
{
    const qsizetype end = t.indexOf(u'\n', pos);
    return end < 0 ? t.size() : end;
}

// Where a line's own text starts: after its indentation, quote markers and one list marker.
qsizetype lineContent(QStringView t, qsizetype pos, int *quoteDepth = nullptr)
{
    const qsizetype end = lineEnd(t, pos);
    int depth = 0;
    while (pos < end && (isSpace(t.at(pos)) || t.at(pos) == u'>')) {
        depth += t.at(pos) == u'>';
        ++pos;
    }
    if (quoteDepth)
        *quoteDepth = depth;
    if (pos + 1 < end && (t.at(pos) == u'-' || t.at(pos) == u'*' || t.at(pos) == u'+') &&
        isSpace(t.at(pos + 1)))
        return pos + 2;
    qsizetype digits = pos;
    while (digits < end && t.at(digits).isDigit())
        ++digits;
    if (digits > pos && digits + 1 < end && (t.at(digits) == u'.' || t.at(digits) == u')') &&
        isSpace(t.at(digits + 1)))
        return digits + 2;
    return pos;
}

// A fenced code block opening on the line at `pos`: where the text resumes after its closing
// fence (the text's end while it is open), else -1.
qsizetype skipFence(QStringView t, qsizetype pos)
{
    const qsizetype content = lineContent(t, pos);
    if (content >= t.size() || (t.at(content) != u'`' && t.at(content) != u'~'))
        return -1;
    const QChar marker = t.at(content);
    const qsizetype length = runOf(t, content, marker);
    if (length < 3)
        return -1;
    for (qsizetype line = lineEnd(t, pos) + 1; line < t.size(); line = lineEnd(t, line) + 1) {
        const qsizetype c = lineContent(t, line);
        const qsizetype close = runOf(t, c, marker);
        if (close >= length && t.sliced(c + close, lineEnd(t, line) - c - close).trimmed().isEmpty())
            return std::min(lineEnd(t, line) + 1, t.size());
    }
    return t.size();
}

// Past a code span's closing backticks (as many as opened it), or -1 when it never closes.
qsizetype skipCodeSpan(QStringView t, qsizetype pos)
{
    const qsizetype open = runOf(t, pos, u'`');
    for (qsizetype j = pos + open; j < t.size();) {
        if (t.at(j) != u'`') {
            ++j;
            continue;
        }
        const qsizetype run = runOf(t, j, u'`');
        if (run == open)
            return j + run;
        j += run;
    }
    return -1;
}

// The closing delimiter of a formula whose text starts at `from`, skipping TeX's escapes
// (`\$`, `\\`), or -1.
qsizetype findCloser(QStringView t, qsizetype from, QStringView closer, bool single)
{
    for (qsizetype j = from; j < t.size(); ++j) {
        if (t.sliced(j).startsWith(closer)) {
            if (!single)
                return j;
            // A single $ closes after a non-space and before a non-digit; a $$ does not.
            if (j + 1 < t.size() && t.at(j + 1) == u'$') {
                ++j;
                continue;
            }
            if (!isSpace(t.at(j - 1)) && !(j + 1 < t.size() && t.at(j + 1).isDigit()))
                return j;
            continue;
        }
        if (t.at(j) == u'\\')
            ++j; // and what it escapes
        else if (single && t.at(j) == u'\n' && t.sliced(j + 1, lineEnd(t, j + 1) - j - 1).trimmed().isEmpty())
            return -1; // a blank line ends the paragraph, and an inline formula with it
    }
    return -1;
}

// A formula that spans lines of a quote has the quote's markers on its later lines.
QString unquoted(QStringView tex, int depth)
{
    if (depth == 0 || !tex.contains(u'\n'))
        return tex.toString();
    QString out;
    qsizetype pos = 0;
    for (bool first = true; pos <= tex.size(); first = false) {
        qsizetype end = tex.indexOf(u'\n', pos);
        if (end < 0)
            end = tex.size();
        qsizetype from = pos;
        for (int markers = 0;
             !first && from < end && (tex.at(from) == u' ' || (tex.at(from) == u'>' && markers < depth));
             ++from)
            markers += tex.at(from) == u'>';
        out += tex.sliced(from, end - from);
        if (end < tex.size())
            out += u'\n';
        pos = end + 1;
    }
    return out;
}

} // namespace

QList<MathSpan> MathScanner::scan(QStringView t, bool withOpen)
{
    QList<MathSpan> spans;
    int firstIndent = 0;
    while (firstIndent < t.size() && t.at(firstIndent) == u' ')
        ++firstIndent;
    if (firstIndent >= 4)
        return spans; // an indented code block

    int quoteDepth = 0;
    qsizetype i = 0;
    bool atLineStart = true;
    while (i < t.size()) {
        if (atLineStart) {
            atLineStart = false;
            lineContent(t, i, &quoteDepth);
            const qsizetype past = skipFence(t, i);
            if (past >= 0) {
                i = past;
                atLineStart = true;
                continue;
            }
        }
        const QChar c = t.at(i);
        if (c == u'\n') {
            ++i;
            atLineStart = true;
            continue;
        }
        if (c == u'`') {
            const qsizetype past = skipCodeSpan(t, i);
            i = past >= 0 ? past : i + runOf(t, i, u'`');
            continue;
        }

        QStringView closer;
        qsizetype open = 0;
        bool display = false;
        bool single = false;
        if (c == u'\\' && i + 1 < t.size() && (t.at(i + 1) == u'(' || t.at(i + 1) == u'[')) {
            display = t.at(i + 1) == u'[';
            closer = display ? u"\\]" : u"\\)";
            open = 2;
        } else if (c == u'\\') {
            i += (i + 1 < t.size() && t.at(i + 1) != u'\n') ? 2 : 1; // an escape, \$ among them
            continue;
        } else if (c == u'$' && i + 1 < t.size() && t.at(i + 1) == u'$') {
            closer = u"$$";
            open = 2;
            display = true;
        } else if (c == u'$' && i + 1 < t.size() && !isSpace(t.at(i + 1))) {
            closer = u"$";
            open = 1;
            single = true;
        } else {
            ++i;
            continue;
        }

        const qsizetype close = findCloser(t, i + open, closer, single);
        const qsizetype texEnd = close >= 0 ? close : t.size();
        const QStringView tex = t.sliced(i + open, texEnd - i - open);
        if (close >= 0 && !tex.trimmed().isEmpty()) {
            spans.append({i, close + closer.size(), unquoted(tex, quoteDepth), display, true});
            i = close + closer.size();
            if (t.sliced(spans.last().start, i - spans.last().start).contains(u'\n'))
                lineContent(t, t.lastIndexOf(u'\n', i - 1) + 1, &quoteDepth);
        } else if (close < 0 && withOpen && !single) {
            // To the end of its paragraph: what follows a blank line (link definitions the
            // message makes elsewhere, say) is not the formula.
            qsizetype end = t.size();
            for (qsizetype line = lineEnd(t, i) + 1; line < t.size(); line = lineEnd(t, line) + 1) {
                if (t.sliced(line, lineEnd(t, line) - line).trimmed().isEmpty()) {
                    end = line - 1;
                    break;
                }
            }
            spans.append({i, end, unquoted(t.sliced(i + open, end - i - open), quoteDepth), display, false});
            i = end;
        } else {
            i += open;
        }
    }
    return spans;
}
