// SPDX-License-Identifier: GPL-3.0-or-later
#include "replypersister.h"

#include "conversationstore.h"
#include "futurecallback.h"
#include "chatstream.h"
#include "replytext.h"

namespace {

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

ReplyPersister::ReplyPersister(ConversationStore *store, ChatStream *stream, const ReplyText *text,
                               MessageRecord message, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_stream(stream)
    , m_message(std::move(message))
    , m_text(text)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_message.role = MessageRecord::Role::Assistant;
    m_message.status = MessageRecord::Status::Streaming;
    m_message.writerId = m_store->instanceId();
    if (!m_message.createdAt.isValid())
        m_message.createdAt = now;
    m_message.updatedAt = now;

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &ReplyPersister::flush);
    connect(text, &ReplyText::appended, this, &ReplyPersister::changed);
    connect(text, &ReplyText::rewritten, this, &ReplyPersister::changed);
    connect(stream, &ChatStream::done, this, &ReplyPersister::finish);
    // Deleted without done(): save what arrived, as interrupted.
    connect(stream, &QObject::destroyed, this, &ReplyPersister::finish);

    m_message.content = m_text->text();
    m_store->saveMessage(m_message);
    m_message.content.clear(); // shared with the text, it would make the next append copy it
    m_savedLength = m_text->text().size();
    m_savedRewrites = m_text->rewrites();
    m_savedAt = m_message.updatedAt;
    if (!stream->isActive())
        finish();
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
    const QString &text = m_text->text();
    if (m_savedRewrites != m_text->rewrites() || m_savedLength > text.size()) {
        m_message.content = text;
        m_message.updatedAt = updatedAt;
        m_store->saveMessage(m_message);
        m_message.content.clear();
        m_savedRewrites = m_text->rewrites();
    } else if (m_savedLength < text.size()) {
        m_store->appendStreamingText(m_message.id, text.sliced(m_savedLength), m_savedAt, updatedAt);
    } else {
        return;
    }
    m_savedLength = text.size();
    m_savedAt = updatedAt;
}

MessageRecord ReplyPersister::ended(MessageRecord message, const ChatStream &stream, const QString &text)
{
    message.content = text;
    message.status = finalStatus(stream);
    if (message.status == MessageRecord::Status::Error && stream.error())
        message.errorText = stream.error()->message();
    message.finishReason = stream.finishReason();
    if (!stream.model().isEmpty())
        message.model = stream.model();
    if (const std::optional<TokenUsage> usage = stream.usage()) {
        message.promptTokens = usage->promptTokens;
        message.completionTokens = usage->completionTokens;
        message.totalTokens = usage->totalTokens;
    }
    return message;
}

void ReplyPersister::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_flushTimer.stop();
    m_dirty = false;

    if (m_stream) {
        m_message = ended(std::move(m_message), *m_stream, m_text->text());
    } else {
        m_message.content = m_text->text(); // the stream is gone: what its deltas said
        m_message.status = MessageRecord::Status::Interrupted;
    }
    m_message.writerId.clear(); // nobody writes it any more
    m_message.updatedAt = nextUpdatedAt();
    // The whole record, once: the final status, and the full text indexed for search.
    onFinished(m_store->saveMessage(m_message), this,
               [this](const StorageError &error) { Q_EMIT finished(error); });
}
