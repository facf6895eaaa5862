// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationtitler.h"

#include "chatlogging.h"
#include "conversationtitle.h"
#include "chatprovider.h"
#include "chatrequest.h"
#include "chatstream.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QString excerpt(const QString &text)
{
    const QString simplified = text.simplified();
    if (simplified.size() <= ConversationTitler::maxExcerptLength)
        return simplified;
    return simplified.left(ConversationTitler::maxExcerptLength) + u'…';
}

} // namespace

ConversationTitler::ConversationTitler(ChatProvider *provider, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
{
}

ConversationTitler::~ConversationTitler()
{
    for (const QPointer<ChatStream> &stream : std::as_const(m_running)) {
        if (stream) {
            stream->disconnect(this);
            stream->cancel();
            delete stream.data();
        }
    }
}

void ConversationTitler::setProvider(ChatProvider *provider)
{
    m_provider = provider;
}

void ConversationTitler::setModel(const QString &model)
{
    m_model = model.trimmed();
}

void ConversationTitler::generate(const QString &conversationId, const QString &question, const QString &reply,
                                  const QString &conversationModel)
{
    if (m_running.contains(conversationId))
        return;
    const QString model = m_model.isEmpty() ? conversationModel : m_model;
    if (!m_provider || model.isEmpty()) {
        Q_EMIT titleFailed(conversationId, tr("No model to ask for a title."));
        return;
    }

    ChatRequest request;
    request.model = model;
    request.maxTokens = 24;
    request.messages = {
        {ChatMessage::Role::System,
         u"You name conversations. Reply with a title of at most six words for the conversation "
         u"below, in the language of the question: no quotes, no full stop, nothing else."_s},
        {ChatMessage::Role::User, u"Question: "_s + excerpt(question) + u"\n\nAnswer: "_s + excerpt(reply)},
    };
    ChatStream *stream = m_provider->streamChat(request);
    stream->setParent(this);
    m_running.insert(conversationId, stream);
    connect(stream, &ChatStream::done, this, [this, conversationId, stream] { onDone(conversationId, stream); });
}

void ConversationTitler::onDone(const QString &conversationId, ChatStream *stream)
{
    m_running.remove(conversationId);
    stream->deleteLater();
    if (stream->state() != ChatStream::State::Completed) {
        const QString reason = stream->error() ? stream->error()->message() : tr("The title request was stopped.");
        qCDebug(lcChat) << "no generated title:" << reason;
        Q_EMIT titleFailed(conversationId, reason);
        return;
    }
    const QString title = clean(stream->text());
    if (title.isEmpty()) {
        Q_EMIT titleFailed(conversationId, tr("The model gave no usable title."));
        return;
    }
    Q_EMIT titleReady(conversationId, title);
}

QString ConversationTitler::clean(const QString &answer)
{
    // Reasoning models may think aloud first; the title is what follows.
    QString text = answer;
    const qsizetype thinkEnd = text.lastIndexOf(u"</think>"_s);
    if (thinkEnd >= 0)
        text = text.mid(thinkEnd + 8);

    // The first line that says something.
    const QStringList lines = text.split(u'\n');
    text.clear();
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty()) {
            text = line.trimmed();
            break;
        }
    }
    static const QRegularExpression label(u"^(?:\\*\\*)?title(?:\\*\\*)?\\s*:\\s*"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    text.remove(label);
    // Markdown emphasis and heading marks, then the quotes around it.
    static const QRegularExpression decoration(u"^[#*_`\\s]+|[*_`\\s]+$"_s);
    text.remove(decoration);
    static const QString quotes = u"\"'“”‘’«»„「」"_s;
    while (!text.isEmpty() && quotes.contains(text.front()))
        text.remove(0, 1);
    while (!text.isEmpty() && quotes.contains(text.back()))
        text.chop(1);
    text = text.trimmed();
    while (!text.isEmpty() && (text.endsWith(u'.') || text.endsWith(u'。')) && !text.endsWith(u"..."_s))
        text.chop(1);
    text = text.simplified();
    static_assert(ConversationTitle::maxLength == maxTitleLength);
    return ConversationTitle::fromPrompt(text);
}
