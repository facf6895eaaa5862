// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathtext.h"

#include "mathimageprovider.h"
#include "mathmarkup.h"
#include "mathtypesetter.h"

#include <QFontMetricsF>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

constexpr QStringView errorScheme = u"confab-math-error:";

QString imageTag(const MathTypesetter::Formula &formula, const QFont &font)
{
    // "middle" is the one vertical alignment an image can have in Qt's rich text besides its
    // bottom on the baseline: MathStyle::imageCentre pads the picture for it. The font size
    // makes the layout measure the x-height of the text's font, as the padding did.
    return u"<img src=\"image://%1/%2\" width=\"%3\" height=\"%4\" style=\"vertical-align:middle; font-size:%5px\">"_s
        .arg(MathImageProvider::scheme(), formula.imageId)
        .arg(formula.size.width())
        .arg(formula.size.height())
        .arg(font.pixelSize() > 0 ? font.pixelSize() : qRound(font.pointSizeF() * 4 / 3));
}

} // namespace

MathText::MathText(QObject *parent)
    : QObject(parent)
{}

void MathText::setTypesetter(MathTypesetter *typesetter)
{
    if (m_typesetter == typesetter)
        return;
    if (m_typesetter)
        disconnect(m_typesetter, nullptr, this, nullptr);
    m_typesetter = typesetter;
    if (m_typesetter) {
        connect(m_typesetter, &MathTypesetter::formulasReady, this, [this] {
            if (m_pending > 0)
                rebuild();
        });
    }
    Q_EMIT typesetterChanged();
    rebuild();
}

void MathText::setHtml(const QString &html)
{
    if (m_html == html)
        return;
    m_html = html;
    Q_EMIT htmlChanged();
    rebuild();
}

void MathText::setFont(const QFont &font)
{
    if (m_font == font)
        return;
    m_font = font;
    Q_EMIT fontChanged();
    rebuild();
}

void MathText::setColor(const QColor &color)
{
    if (m_color == color)
        return;
    m_color = color;
    Q_EMIT colorChanged();
    rebuild();
}

void MathText::setErrorColor(const QColor &color)
{
    if (m_errorColor == color)
        return;
    m_errorColor = color;
    Q_EMIT errorColorChanged();
    rebuild();
}

void MathText::setDevicePixelRatio(qreal ratio)
{
    if (qFuzzyCompare(m_devicePixelRatio, ratio))
        return;
    m_devicePixelRatio = ratio;
    Q_EMIT devicePixelRatioChanged();
    rebuild();
}

QString MathText::withSources(const QString &shown, int firstImage) const
{
    QString text;
    text.reserve(shown.size());
    int image = firstImage;
    for (const QChar c : shown) {
        if (c == QChar::ObjectReplacementCharacter && image >= 0 && image < m_imageSources.size())
            text += m_imageSources.at(image++);
        else if (c == QChar::ParagraphSeparator || c == QChar::LineSeparator)
            text += u'\n';
        else if (c == QChar::Nbsp)
            text += u' ';
        else
            text += c;
    }
    return text;
}

QString MathText::errorFor(const QString &link) const
{
    if (!link.startsWith(errorScheme))
        return {};
    bool ok = false;
    const int index = QStringView(link).sliced(errorScheme.size()).toInt(&ok);
    return ok && index >= 0 && index < m_errors.size() ? m_errors.at(index) : QString();
}

void MathText::componentComplete()
{
    m_complete = true;
    rebuild();
}

void MathText::rebuild()
{
    if (!m_complete)
        return;
    const QList<MathMarkup::Marked> marked = MathMarkup::marked(m_html);
    QString html;
    int pending = 0;
    qreal soleDisplay = 0;
    m_imageSources.clear();
    m_errors.clear();
    if (marked.isEmpty() || !m_typesetter) {
        html = m_html;
        pending = int(marked.size());
    } else {
        MathStyle style;
        const QFontMetricsF metrics(m_font);
        style.exHeight = metrics.xHeight();
        style.color = m_color;
        style.devicePixelRatio = m_devicePixelRatio;
        // Qt's layout centres a "middle" image half the x-height's half above the baseline,
        // measured in whole pixels.
        style.imageCentre = QFontMetrics(m_font).xHeight() / 4.0;
        qsizetype pos = 0;
        for (const MathMarkup::Marked &formula : marked) {
            html += QStringView(m_html).sliced(pos, formula.start - pos);
            pos = formula.end;
            const MathTypesetter::Formula typeset =
                m_typesetter->formula(formula.tex, formula.display, style);
            switch (typeset.state) {
            case MathTypesetter::Formula::State::Ready:
                if (formula.display && marked.size() == 1)
                    soleDisplay = typeset.size.width();
                html += imageTag(typeset, m_font);
                m_imageSources += formula.source;
                break;
            case MathTypesetter::Formula::State::Failed:
                html +=
                    u"<a href=\"%1%2\" style=\"color:%3; text-decoration:none\"><span style=\"white-space:pre-wrap\">%4</span></a>"_s
                        .arg(errorScheme)
                        .arg(m_errors.size())
                        .arg(m_errorColor.name(), formula.source.toHtmlEscaped());
                m_errors += typeset.error;
                break;
            case MathTypesetter::Formula::State::Pending:
                html += QStringView(m_html).sliced(formula.start, formula.end - formula.start);
                ++pending;
                break;
            }
        }
        html += QStringView(m_html).sliced(pos);
        // Alone: no text around it.
        if (soleDisplay > 0) {
            static const QRegularExpression body(u"<body>(.*)</body>"_s,
                                                 QRegularExpression::DotMatchesEverythingOption);
            static const QRegularExpression tags(u"<[^>]*>"_s);
            const QString inside = body.match(m_html).captured(1);
            if (!QString(inside)
                     .remove(marked.first().start - body.match(m_html).capturedStart(1),
                             marked.first().end - marked.first().start)
                     .remove(tags)
                     .trimmed()
                     .isEmpty())
                soleDisplay = 0;
        }
    }
    if (html != m_typesetHtml || pending != m_pending || soleDisplay != m_soleDisplayWidth) {
        m_typesetHtml = html;
        m_pending = pending;
        m_soleDisplayWidth = soleDisplay;
        Q_EMIT typesetHtmlChanged();
    }
}
