// SPDX-License-Identifier: GPL-3.0-or-later
#include "codehighlighting.h"

#include "codehighlighter.h"
#include "codesyntaxhighlighter.h"
#include "livehighlight.h"
#include "uilogging.h"

#include <QQmlEngine>
#include <QQuickTextDocument>

namespace {
// The engine's property that holds its highlighter (provide()).
constexpr char highlighterProperty[] = "confabCodeHighlighter";
} // namespace

CodeHighlighting::CodeHighlighting(QObject *parent)
    : QObject(parent)
{}

CodeHighlighting::~CodeHighlighting()
{
    delete m_syntax;
}

void CodeHighlighting::provide(QQmlEngine *engine, CodeHighlighter *highlighter)
{
    engine->setProperty(highlighterProperty, QVariant::fromValue<QObject *>(highlighter));
}

void CodeHighlighting::setDocument(QQuickTextDocument *document)
{
    if (document == m_document)
        return;
    m_document = document;
    attach();
    Q_EMIT documentChanged();
}

void CodeHighlighting::setCode(const QString &code)
{
    if (code == m_code)
        return;
    m_code = code;
    update();
    Q_EMIT codeChanged();
}

void CodeHighlighting::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    m_language = language;
    update();
    Q_EMIT languageChanged();
}

void CodeHighlighting::setClosed(bool closed)
{
    if (closed == m_closed)
        return;
    m_closed = closed;
    update();
    Q_EMIT closedChanged();
}

void CodeHighlighting::setColours(const QVariantMap &colours)
{
    if (colours == m_colours)
        return;
    m_colours = colours;
    if (m_syntax)
        m_syntax->setPalette(m_colours, m_backgrounds);
    Q_EMIT coloursChanged();
}

void CodeHighlighting::setBackgrounds(const QVariantMap &backgrounds)
{
    if (backgrounds == m_backgrounds)
        return;
    m_backgrounds = backgrounds;
    if (m_syntax)
        m_syntax->setPalette(m_colours, m_backgrounds);
    Q_EMIT backgroundsChanged();
}

QString CodeHighlighting::highlightedLanguage() const
{
    return m_live ? m_live->current().language : QString();
}

bool CodeHighlighting::detected() const
{
    return m_live && m_live->current().detected;
}

int CodeHighlighting::coveredLength() const
{
    return m_live ? int(m_live->current().length) : 0;
}

void CodeHighlighting::componentComplete()
{
    m_complete = true;
    QQmlEngine *engine = qmlEngine(this);
    auto *highlighter =
        engine ? qobject_cast<CodeHighlighter *>(engine->property(highlighterProperty).value<QObject *>())
               : nullptr;
    if (!highlighter) {
        qCWarning(lcUi) << "CodeHighlighting: no highlighter was provided to the engine; code stays plain";
        return;
    }
    m_live = new LiveHighlight(highlighter, this);
    connect(m_live, &LiveHighlight::changed, this, [this] {
        if (m_syntax)
            m_syntax->setHighlight(m_live->current());
        Q_EMIT highlighted();
    });
    attach();
    update();
}

void CodeHighlighting::attach()
{
    delete m_syntax;
    if (!m_complete || !m_document || !m_document->textDocument())
        return;
    // The document owns it too: whichever goes first, the other knows (QPointer).
    m_syntax = new CodeSyntaxHighlighter(m_document->textDocument());
    m_syntax->setPalette(m_colours, m_backgrounds);
    if (m_live)
        m_syntax->setHighlight(m_live->current());
}

void CodeHighlighting::update()
{
    if (m_complete && m_live)
        m_live->setCode(m_language, m_code, m_closed);
}
