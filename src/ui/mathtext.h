// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QFont>
#include <QObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class MathTypesetter;

// A text block's rich text with its formulas typeset (TextBlock.qml): each formula MarkdownRenderer
// marked becomes an image of MathTypesetter's, sized to `font` and coloured `color`, baseline on
// the text's; until it is typeset its source shows, and a formula that fails stays its source, in
// `errorColor`, a link whose target errorFor() explains. The source comes back in copied text.
class MathText : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_MOC_INCLUDE("mathtypesetter.h")
    Q_PROPERTY(MathTypesetter *typesetter READ typesetter WRITE setTypesetter NOTIFY typesetterChanged)
    Q_PROPERTY(QString html READ html WRITE setHtml NOTIFY htmlChanged)
    Q_PROPERTY(QFont font READ font WRITE setFont NOTIFY fontChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    Q_PROPERTY(QColor errorColor READ errorColor WRITE setErrorColor NOTIFY errorColorChanged)
    Q_PROPERTY(
        qreal devicePixelRatio READ devicePixelRatio WRITE setDevicePixelRatio NOTIFY devicePixelRatioChanged)
    // `html` with the formulas that are ready as images.
    Q_PROPERTY(QString typesetHtml READ typesetHtml NOTIFY typesetHtmlChanged)
    // Formulas still being typeset.
    Q_PROPERTY(int pending READ pending NOTIFY typesetHtmlChanged)
    // The width of the image when the text is one display formula and nothing else, else 0:
    // TextBlock centres it by its padding.
    Q_PROPERTY(qreal soleDisplayWidth READ soleDisplayWidth NOTIFY typesetHtmlChanged)

public:
    explicit MathText(QObject *parent = nullptr);

    MathTypesetter *typesetter() const { return m_typesetter; }
    void setTypesetter(MathTypesetter *typesetter);
    QString html() const { return m_html; }
    void setHtml(const QString &html);
    QFont font() const { return m_font; }
    void setFont(const QFont &font);
    QColor color() const { return m_color; }
    void setColor(const QColor &color);
    QColor errorColor() const { return m_errorColor; }
    void setErrorColor(const QColor &color);
    qreal devicePixelRatio() const { return m_devicePixelRatio; }
    void setDevicePixelRatio(qreal ratio);
    QString typesetHtml() const { return m_typesetHtml; }
    int pending() const { return m_pending; }
    qreal soleDisplayWidth() const { return m_soleDisplayWidth; }

    // The text shown from `firstImage` on (a TextEdit's getText(), where each image is U+FFFC)
    // with each formula's image as its TeX source, delimiters included, as plain text (line
    // breaks, not paragraph separators).
    Q_INVOKABLE QString withSources(const QString &shown, int firstImage = 0) const;
    // MathJax's message for a failed formula's link, or empty for any other link.
    Q_INVOKABLE QString errorFor(const QString &link) const;

    void classBegin() override { m_complete = false; }
    // Formulas are asked for once every property has its value, not for each on the way.
    void componentComplete() override;

Q_SIGNALS:
    void typesetterChanged();
    void htmlChanged();
    void fontChanged();
    void colorChanged();
    void errorColorChanged();
    void devicePixelRatioChanged();
    void typesetHtmlChanged();

private:
    void rebuild();

    QPointer<MathTypesetter> m_typesetter;
    QString m_html;
    QFont m_font;
    QColor m_color = Qt::black;
    QColor m_errorColor = Qt::red;
    qreal m_devicePixelRatio = 1;
    bool m_complete = true; // false between classBegin() and componentComplete() in QML
    QString m_typesetHtml;
    int m_pending = 0;
    qreal m_soleDisplayWidth = 0;
    QStringList m_imageSources; // in the order the images are in the text
    QStringList m_errors;       // by the index in a failed formula's link
};
