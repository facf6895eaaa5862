// SPDX-License-Identifier: GPL-3.0-or-later
#include "replypersister.h"

#include "chatstream.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "replyreasoning.h"
#include "replytext.h"
#include "replytiming.h"

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

ReplyPersister::ReplyPersister(ConversationStore *store, ChatStream *stream, Sources sources,
                               MessageRecord message, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_stream(stream)
    , m_message(std::move(message))
    , m_sources(sources)
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
    connect(m_sources.text, &ReplyText::appended, this, &ReplyPersister::changed);
    connect(m_sources.text, &ReplyText::rewritten, this, &ReplyPersister::changed);
    connect(m_sources.reasoning, &ReplyReasoning::appended, this, &ReplyPersister::changed);
    connect(stream, &ChatStream::done, this, &ReplyPersister::finish);
    // Deleted without done(): save what arrived, as interrupted.
    connect(stream, &QObject::destroyed, this, &ReplyPersister::finish);

    saveWhole(m_message.updatedAt);
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

void ReplyPersister::saveWhole(const QDateTime &updatedAt)
{
    const QString &text = m_sources.text->text();
    const QString &reasoning = m_sources.reasoning->text();
    m_message.content = text;
    m_message.parts = parts(m_sources, m_stream);
    m_message.updatedAt = updatedAt;
    m_store->saveMessage(m_message);
    // Shared with the text, they would make the next append copy it.
    m_message.content.clear();
    m_message.parts.clear();
    m_savedLength = text.size();
    m_savedReasoningLength = reasoning.size();
    m_textPosition = text.isEmpty() ? -1 : reasoning.isEmpty() ? 0 : 1;
    m_savedRewrites = m_sources.text->rewrites();
    m_savedAt = updatedAt;
}

void ReplyPersister::appendTail(int position, MessagePart::Type type, const QString &whole,
                                qsizetype &savedLength)
{
    if (savedLength >= whole.size())
        return;
    const QDateTime updatedAt = nextUpdatedAt();
    m_store->appendStreamingPart(m_message.id, position, type, whole.sliced(savedLength), m_savedAt,
                                 updatedAt);
    savedLength = whole.size();
    m_savedAt = updatedAt;
}

void ReplyPersister::flush()
{
    if (!m_dirty || m_finished)
        return;
    m_dirty = false;
    const QString &text = m_sources.text->text();
    const QString &reasoning = m_sources.reasoning->text();
    // The text was taken back, or thinking came after the text took the first part: the parts
    // as they stand replace what the database has.
    if (m_savedRewrites != m_sources.text->rewrites() || m_savedLength > text.size() ||
        m_savedReasoningLength > reasoning.size() ||
        (m_textPosition == 0 && reasoning.size() > m_savedReasoningLength)) {
        saveWhole(nextUpdatedAt());
        return;
    }
    // The thinking first: a kill during it keeps it, and the text's part follows it.
    appendTail(0, MessagePart::Type::Reasoning, reasoning, m_savedReasoningLength);
    if (m_textPosition < 0 && m_savedLength < text.size())
        m_textPosition = m_savedReasoningLength > 0 ? 1 : 0;
    appendTail(m_textPosition, MessagePart::Type::Text, text, m_savedLength);
}

MessageRecord ReplyPersister::ended(MessageRecord message, const ChatStream &stream, const Sources &sources)
{
    const QString &text = sources.text->text();
    message.content = text;
    message.parts = parts(sources, &stream);
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
        if (usage->reasoningTokens > 0)
            message.reasoningTokens = usage->reasoningTokens;
    }
    sources.timing->applyTo(message);
    if (message.status == MessageRecord::Status::Complete && text.isEmpty() &&
        !sources.reasoning->text().isEmpty()) {
        // It thought and never answered: the thinking is kept, and the reply says what is missing.
        message.status = MessageRecord::Status::Error;
        message.errorText = tr("The model stopped while thinking: no answer came.");
        if (message.finishReason == u"length")
            message.errorText +=
                u' ' + tr("It reached its token limit: raise the maximum number of tokens or "
                          "lower the reasoning effort, then retry.");
    }
    return message;
}

QList<MessagePart> ReplyPersister::parts(const Sources &sources, const ChatStream *stream)
{
    QList<MessagePart> parts = sources.reasoning->parts(stream);
    if (!sources.text->text().isEmpty())
        parts.append(MessagePart::textPart(sources.text->text()));
    return parts;
}

void ReplyPersister::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_flushTimer.stop();
    m_dirty = false;

    if (m_stream) {
        m_message = ended(std::move(m_message), *m_stream, m_sources);
    } else {
        // The stream is gone: what its deltas said.
        m_message.content = m_sources.text->text();
        m_message.parts = parts(m_sources, nullptr);
        m_message.status = MessageRecord::Status::Interrupted;
        m_sources.timing->applyTo(m_message);
    }
    m_message.writerId.clear(); // nobody writes it any more
    m_message.updatedAt = nextUpdatedAt();
    // The whole record, once: the final status, its parts, and the full text indexed for search.
    onFinished(m_store->saveMessage(m_message), this,
               [this](const StorageError &error) { Q_EMIT finished(error); });
}
