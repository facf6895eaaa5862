// SPDX-License-Identifier: GPL-3.0-or-later
#include "replypersister.h"

#include "conversationstore.h"
#include "futurecallback.h"
#include "chatstream.h"

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
    m_text = replyText(*stream);
    m_textIsRefusal = stream->text().isEmpty() && !stream->refusal().isEmpty();

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &ReplyPersister::flush);
    connect(stream, &ChatStream::contentDelta, this, &ReplyPersister::onContent);
    connect(stream, &ChatStream::refusalDelta, this, &ReplyPersister::onRefusal);
    connect(stream, &ChatStream::retrying, this, &ReplyPersister::onRetrying);
    connect(stream, &ChatStream::done, this, &ReplyPersister::finish);
    // Deleted without done(): save what arrived, as interrupted.
    connect(stream, &QObject::destroyed, this, &ReplyPersister::finish);

    m_message.content = m_text;
    m_store->saveMessage(m_message);
    m_message.content.clear(); // shared with m_text, it would make the next append copy it
    m_savedLength = m_text.size();
    m_savedAt = m_message.updatedAt;
    if (!stream->isActive())
        finish();
}

void ReplyPersister::onContent(const QString &delta)
{
    if (m_textIsRefusal) {
        // Content after a refusal: the content is the reply (as replyText() has it).
        m_text.clear();
        m_textIsRefusal = false;
        m_rewrite = true;
    }
    m_text += delta;
    changed();
}

void ReplyPersister::onRefusal(const QString &delta)
{
    if (!m_text.isEmpty() && !m_textIsRefusal)
        return; // the content is the reply; the refusal is only shown without one
    m_textIsRefusal = true;
    m_text += delta;
    changed();
}

void ReplyPersister::onRetrying()
{
    // The stream starts over.
    m_text.clear();
    m_textIsRefusal = false;
    m_rewrite = true;
    changed();
}

void ReplyPersister::changed()
{
    if (m_finished)
        return;
    m_dirty = true;
    // The first change after a save starts the clock: at most one save per interval, and no
    // change waits longer than one.
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

QDateTime ReplyPersister::nextUpdatedAt() const
{
    // Strictly later than the last write: the append's guard tells the two apart.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return now > m_savedAt ? now : m_savedAt.addMSecs(1);
}

void ReplyPersister::flush()
{
    if (!m_dirty || m_finished)
        return;
    m_dirty = false;
    const QDateTime updatedAt = nextUpdatedAt();
    if (m_rewrite || m_savedLength > m_text.size()) {
        m_message.content = m_text;
        m_message.updatedAt = updatedAt;
        m_store->saveMessage(m_message);
        m_message.content.clear();
        m_rewrite = false;
    } else if (m_savedLength < m_text.size()) {
        m_store->appendStreamingText(m_message.id, m_text.sliced(m_savedLength), m_savedAt, updatedAt);
    } else {
        return;
    }
    m_savedLength = m_text.size();
    m_savedAt = updatedAt;
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
        m_message.content = m_text; // the stream is gone: what its deltas said
        m_message.status = MessageRecord::Status::Interrupted;
    }
    m_text.clear();
    m_message.writerId.clear(); // nobody writes it any more
    m_message.updatedAt = nextUpdatedAt();
    // The whole record, once: the final status, and the full text indexed for search.
    onFinished(m_store->saveMessage(m_message), this,
               [this](const StorageError &error) { Q_EMIT finished(error); });
}
