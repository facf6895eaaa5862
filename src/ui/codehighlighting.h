// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QQuickTextDocument>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class CodeHighlighter;
class CodeSyntaxHighlighter;
class LiveHighlight;
class QQmlEngine;

// Colours a code block in QML: CodeBlock.qml gives it its TextEdit's document, the code, its
// language and whether its fence has closed, and the theme's palette; the code is highlighted
// off the GUI thread by the engine's CodeHighlighter (provide()), as it grows while it streams,
// and the colours are laid on the document's plain text.
class CodeHighlighting : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QString code READ code WRITE setCode NOTIFY codeChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool closed READ closed WRITE setClosed NOTIFY closedChanged)
    // Scope → colour ("keyword": "#d73a49"), and scope → background.
    Q_PROPERTY(QVariantMap colours READ colours WRITE setColours NOTIFY coloursChanged)
    Q_PROPERTY(QVariantMap backgrounds READ backgrounds WRITE setBackgrounds NOTIFY backgroundsChanged)
    // highlight.js's id of the language the colours are for (detected if the fence named none).
    Q_PROPERTY(QString highlightedLanguage READ highlightedLanguage NOTIFY highlighted)
    Q_PROPERTY(bool detected READ detected NOTIFY highlighted)
    // How much of the code the colours cover (all of it once highlighting has caught up).
    Q_PROPERTY(int coveredLength READ coveredLength NOTIFY highlighted)

public:
    explicit CodeHighlighting(QObject *parent = nullptr);
    ~CodeHighlighting() override;

    // Makes `highlighter` the one code blocks of `engine`'s QML use (AppContext::provide does it);
    // it outlives the engine's QML.
    static void provide(QQmlEngine *engine, CodeHighlighter *highlighter);

    QQuickTextDocument *document() const { return m_document; }
    void setDocument(QQuickTextDocument *document);
    QString code() const { return m_code; }
    void setCode(const QString &code);
    QString language() const { return m_language; }
    void setLanguage(const QString &language);
    bool closed() const { return m_closed; }
    void setClosed(bool closed);
    QVariantMap colours() const { return m_colours; }
    void setColours(const QVariantMap &colours);
    QVariantMap backgrounds() const { return m_backgrounds; }
    void setBackgrounds(const QVariantMap &backgrounds);
    QString highlightedLanguage() const;
    bool detected() const;
    int coveredLength() const;

    void classBegin() override {}
    void componentComplete() override;

Q_SIGNALS:
    void documentChanged();
    void codeChanged();
    void languageChanged();
    void closedChanged();
    void coloursChanged();
    void backgroundsChanged();
    void highlighted();

private:
    void update();
    void attach();

    QPointer<QQuickTextDocument> m_document;
    QString m_code;
    QString m_language;
    bool m_closed = true;
    QVariantMap m_colours;
    QVariantMap m_backgrounds;
    bool m_complete = false;
    LiveHighlight *m_live = nullptr;
    QPointer<CodeSyntaxHighlighter> m_syntax; // a child of the document, which may go first
};
