// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathmarkup.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

constexpr QChar placeholderOpen(0xE000);
constexpr QChar placeholderClose(0xE001);

QString encoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, {}, "-"));
}

QString decoded(QStringView text)
{
    return QUrl::fromPercentEncoding(text.toLatin1());
}

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

} // namespace

QString MathMarkup::placeholder(qsizetype index)
{
    return placeholderOpen + QString::number(index) + placeholderClose;
}

QString MathMarkup::protect(const QString &markdown, const QList<MathSpan> &spans)
{
    QString out;
    out.reserve(markdown.size());
    qsizetype pos = 0;
    for (qsizetype i = 0; i < spans.size(); ++i) {
        out += QStringView(markdown).sliced(pos, spans.at(i).start - pos);
        out += placeholder(i);
        pos = spans.at(i).end;
    }
    out += QStringView(markdown).sliced(pos);
    return out;
}

void MathMarkup::placeDisplayFormulas(QTextDocument *document, const QList<MathSpan> &spans)
{
    for (qsizetype i = 0; i < spans.size(); ++i) {
        if (!spans.at(i).display || !spans.at(i).closed)
            continue;
        const QString mark = placeholder(i);
        QTextCursor found = document->find(mark);
        if (found.isNull())
            continue;
        const QTextBlock block = found.block();
        if (block.text().trimmed() != mark) {
            QTextCursor after(document);
            after.setPosition(found.selectionEnd());
            while (!after.atBlockEnd() && isBlank(document->characterAt(after.position())))
                after.deleteChar();
            QTextCursor before(document);
            before.setPosition(found.selectionStart());
            while (!before.atBlockStart() && isBlank(document->characterAt(before.position() - 1)))
                before.deletePreviousChar();
            if (block.textList() || found.currentTable()) {
                // A new block would be a new list item or break the cell: a line of its own.
                if (!after.atBlockEnd())
                    after.insertText(QString(QChar::LineSeparator));
                if (!before.atBlockStart())
                    before.insertText(QString(QChar::LineSeparator));
                continue;
            }
            if (!after.atBlockEnd())
                after.insertBlock();
            if (!before.atBlockStart())
                before.insertBlock();
        }
        // Not centred by alignment: Qt 6.4's TextEdit draws an image of a centred line at its
        // left edge (where its cursor is not). A block that is one formula is centred by
        // TextBlock.qml instead (MathText::soleDisplayWidth).
    }
}

QString MathMarkup::restore(const QString &html, const QString &markdown, const QList<MathSpan> &spans)
{
    QString out = html;
    for (qsizetype i = spans.size() - 1; i >= 0; --i) {
        const MathSpan &span = spans.at(i);
        const QString source = markdown.sliced(span.start, span.end - span.start);
        QString shown = u"<span style=\"white-space:pre-wrap\">"_s + source.toHtmlEscaped() + u"</span>"_s;
        if (span.closed) {
            shown = u"<!--math %1 %2 %3-->"_s.arg(span.display ? u"D"_s : u"I"_s, encoded(span.tex),
                                                  encoded(source)) +
                    shown + u"<!--/math-->"_s;
        }
        out.replace(placeholder(i), shown);
    }
    return out;
}

QList<MathMarkup::Marked> MathMarkup::marked(const QString &html)
{
    QList<Marked> found;
    if (!html.contains(u"<!--math "_s))
        return found;
    static const QRegularExpression mark(uR"(<!--math ([DI]) ([^ ]*) ([^ ]*)-->.*?<!--/math-->)"_s,
                                         QRegularExpression::DotMatchesEverythingOption);
    for (auto it = mark.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        found.append({match.capturedStart(), match.capturedEnd(), decoded(match.capturedView(2)),
                      match.capturedView(1) == u"D", decoded(match.capturedView(3))});
    }
    return found;
}
