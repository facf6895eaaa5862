// SPDX-License-Identifier: GPL-3.0-or-later
#include "replypersister.h"

#include "conversationstore.h"
#include "futurecallback.h"
#include "providers/chatstream.h"

#include <QDateTime>

namespace {

// What the reply says so far: its text, or the refusal the model gave instead.
QString replyText(const ChatStream &stream)
{
    return stream.text().isEmpty() ? stream.refusal() : stream.text();
}

MessageRecord::Status finalStatus(const ChatStream &stream)
{
    switch (stream.state()) {
    case ChatStream::State::Completed:
        return MessageRecord::Status::Complete;
    case ChatStream::State::Cancelled:
        return MessageRecord::Status::Stopped;
    case ChatStream::State::Failed: {
        const std::optional<ProviderError> error = stream.error();
        if (error &&
            (error->kind == ProviderError::Kind::Interrupted || error->kind == ProviderError::Kind::Timeout))
            return MessageRecord::Status::Interrupted;
        return MessageRecord::Status::Error;
    }
    case ChatStream::State::Connecting:
    case ChatStream::State::Streaming:
        break;
    }
    // done() while still active: the stream went away without saying how it ended.
    return MessageRecord::Status::Interrupted;
}

} // namespace

ReplyPersister::ReplyPersister(ConversationStore *store, ChatStream *stream, MessageRecord message,
                               QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_stream(stream)
    , m_message(std::move(message))
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_message.role = MessageRecord::Role::Assistant;
    m_message.status = MessageRecord::Status::Streaming;
    m_message.writerId = m_store->instanceId();
    if (!m_message.createdAt.isValid())
        m_message.createdAt = now;
    m_message.updatedAt = now;
    m_message.content = replyText(*stream);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &ReplyPersister::flush);
    connect(stream, &ChatStream::contentDelta, this, &ReplyPersister::onDelta);
    connect(stream, &ChatStream::refusalDelta, this, &ReplyPersister::onDelta);
    connect(stream, &ChatStream::retrying, this, &ReplyPersister::onDelta); // it starts over
    connect(stream, &ChatStream::done, this, &ReplyPersister::finish);
    // Deleted without done(): save what arrived, as interrupted.
    connect(stream, &QObject::destroyed, this, &ReplyPersister::finish);

    m_store->saveMessage(m_message);
    if (!stream->isActive())
        finish();
}

void ReplyPersister::onDelta()
{
    if (m_finished || !m_stream)
        return;
    m_message.content = replyText(*m_stream);
    m_dirty = true;
    // The first change after a save starts the clock: at most one save per interval, and no
    // change waits longer than one.
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ReplyPersister::flush()
{
    if (!m_dirty || m_finished)
        return;
    m_dirty = false;
    m_message.updatedAt = QDateTime::currentDateTimeUtc();
    m_store->saveMessage(m_message);
}

void ReplyPersister::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_flushTimer.stop();
    m_dirty = false;

    if (m_stream) {
        const ChatStream &stream = *m_stream;
        m_message.content = replyText(stream);
        m_message.status = finalStatus(stream);
        if (m_message.status == MessageRecord::Status::Error && stream.error())
            m_message.errorText = stream.error()->message();
        m_message.finishReason = stream.finishReason();
        if (!stream.model().isEmpty())
            m_message.model = stream.model();
        if (const std::optional<TokenUsage> usage = stream.usage()) {
            m_message.promptTokens = usage->promptTokens;
            m_message.completionTokens = usage->completionTokens;
            m_message.totalTokens = usage->totalTokens;
        }
    } else {
        m_message.status = MessageRecord::Status::Interrupted; // the text is the last delta's
    }
    m_message.writerId.clear(); // nobody writes it any more
    m_message.updatedAt = QDateTime::currentDateTimeUtc();
    onFinished(m_store->saveMessage(m_message), this,
               [this](const StorageError &error) { Q_EMIT finished(error); });
}
