// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange.h"

#include "chatstream.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "persistgate.h"
#include "replycontinuation.h"
#include "replypersister.h"
#include "replyreasoning.h"
#include "replytext.h"
#include "replytiming.h"

#include <utility>

Exchange::Exchange(ConversationStore *store, ChatStream *stream, Plan plan, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_stream(stream)
    , m_plan(std::move(plan))
{
    stream->setParent(this);
    // The thinking first: it ends (at the first word of the answer, or at done() below) before
    // the text it precedes is appended, or the reply ends.
    m_reasoning = m_plan.continuation ? ReplyContinuation::reasoning(stream, m_plan.reply, this)
                                      : new ReplyReasoning(stream, {}, {}, this);
    m_text = new ReplyText(stream, m_plan.continuation ? m_plan.reply.content : QString(), this);
    m_timing = new ReplyTiming(stream, this); // the request left just now
    connect(m_reasoning, &ReplyReasoning::appended, this, &Exchange::reasoningAppended);
    connect(m_reasoning, &ReplyReasoning::ended, this, &Exchange::thinkingEnded);
    connect(m_text, &ReplyText::appended, this, &Exchange::appended);
    connect(m_text, &ReplyText::rewritten, this, &Exchange::rewritten);
    connect(stream, &ChatStream::started, this, &Exchange::started);
    connect(stream, &ChatStream::retrying, this, &Exchange::retrying);
    connect(stream, &ChatStream::done, this, &Exchange::onDone);
    if (m_plan.continuation) {
        // Written once, when it ends; not made current (the user may have moved on by then).
        m_continuation = new ReplyContinuation(m_store, m_plan.reply, this);
        connect(m_continuation, &ReplyContinuation::finished, this,
                [this](const MessageRecord &message, const StorageError &failed) {
                    onReplySaved(message.id, failed);
                });
        return;
    }
    // Stream first: nothing is written before the request has surely left.
    if (m_store)
        m_gate = new PersistGate(
            stream, [this] { write(); }, this);
}

Exchange::~Exchange()
{
    // Writes still held go now, and the stream goes before the text its persister saves last.
    if (m_gate)
        m_gate->open();
    delete m_stream.data();
}

ChatStream *Exchange::stream() const
{
    return m_stream;
}

bool Exchange::isActive() const
{
    return m_stream && m_stream->isActive();
}

bool Exchange::isConnecting() const
{
    return m_stream && m_stream->state() == ChatStream::State::Connecting;
}

const QString &Exchange::text() const
{
    return m_text->text();
}

const QString &Exchange::reasoning() const
{
    return m_reasoning->text();
}

void Exchange::cancel()
{
    if (isActive())
        m_stream->cancel(); // done() follows: the reply ends as stopped, its text kept
}

void Exchange::abandon(QObject *keeper)
{
    disconnect(this, nullptr, nullptr, nullptr);
    if (m_gate)
        m_gate->open();
    setParent(keeper);
    connect(this, &Exchange::finished, this, &QObject::deleteLater);
    delete m_stream.data(); // the persister saves what arrived, as interrupted
}

void Exchange::write()
{
    if (m_plan.conversation) {
        if (const std::optional<ConversationRecord> conversation = m_plan.conversation()) {
            onFinished(m_store->createConversation(*conversation), this,
                       [this, id = conversation->id](const StorageError &failed) {
                           Q_EMIT conversationSaved(id, failed);
                       });
        }
    }
    for (const MessageRecord &message : std::as_const(m_plan.messages)) {
        onFinished(m_store->saveMessage(message, true), this,
                   [this, id = message.id](const StorageError &failed) { Q_EMIT messageSaved(id, failed); });
    }
    auto *persister =
        new ReplyPersister(m_store, m_stream, {m_text, m_reasoning, m_timing}, m_plan.reply, this);
    connect(persister, &ReplyPersister::finished, this,
            [this, id = m_plan.reply.id](const StorageError &failed) { onReplySaved(id, failed); });
}

void Exchange::onDone()
{
    if (m_ended)
        return;
    m_ended = true;
    const ChatStream &stream = *m_stream;
    MessageRecord reply;
    if (m_plan.continuation) {
        reply = m_continuation->merged(stream, *m_reasoning);
    } else {
        reply = ReplyPersister::ended(m_plan.reply, stream, {m_text, m_reasoning, m_timing});
        if (reply.errorText.isEmpty() && reply.status != MessageRecord::Status::Complete && stream.error())
            reply.errorText = stream.error()->message(); // e.g. why it was interrupted
    }
    Q_EMIT ended(reply);
    if (!m_store)
        Q_EMIT finished();
    else if (m_continuation)
        m_continuation->finish(stream, *m_reasoning);
}

void Exchange::onReplySaved(const QString &messageId, const StorageError &failed)
{
    Q_EMIT messageSaved(messageId, failed);
    // Writes run in order: once this resolves, every write above is in (or given up).
    onFinished(m_store->flush(), this, [this] { Q_EMIT finished(); });
}
