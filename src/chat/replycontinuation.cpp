// SPDX-License-Identifier: GPL-3.0-or-later
#include "replycontinuation.h"

#include "chatstream.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "messageparts.h"
#include "replyreasoning.h"

#include <QDateTime>

#include <limits>
#include <optional>

namespace {

std::optional<qint64> sum(std::optional<qint64> a, std::optional<qint64> b)
{
    if (!a || !b)
        return b ? b : a;
    return *a > std::numeric_limits<qint64>::max() - *b ? std::numeric_limits<qint64>::max() : *a + *b;
}

// The part that holds the reply's thinking: the first reasoning part that is not redacted.
qsizetype thinkingIndex(const QList<MessagePart> &parts)
{
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts.at(i).type == MessagePart::Type::Reasoning && parts.at(i).redactedData.isEmpty())
            return i;
    }
    return -1;
}

// `parts` with `reasoning` as their thinking, when the continuation thought.
void mergeThinking(QList<MessagePart> &parts, const ReplyReasoning &reasoning, const ChatStream &stream)
{
    const qsizetype index = thinkingIndex(parts);
    if (reasoning.text() == (index < 0 ? QString() : parts.at(index).text))
        return;
    MessagePart thinking = MessagePart::reasoningPart(reasoning.text(), reasoning.durationMs());
    if (index < 0) {
        parts.prepend(thinking);
        return;
    }
    thinking.signature =
        stream.reasoningSignature().isEmpty() ? parts.at(index).signature : stream.reasoningSignature();
    parts[index] = thinking;
}

// `parts` with `text` joined to their last text part (a new one when they have none).
void mergeText(QList<MessagePart> &parts, const QString &text)
{
    if (text.isEmpty())
        return;
    for (qsizetype i = parts.size() - 1; i >= 0; --i) {
        if (parts.at(i).type == MessagePart::Type::Text) {
            parts[i].text += text;
            return;
        }
    }
    parts.append(MessagePart::textPart(text));
}

} // namespace

ReplyReasoning *ReplyContinuation::reasoning(ChatStream *stream, const MessageRecord &reply, QObject *parent)
{
    const qsizetype index = thinkingIndex(reply.parts);
    if (index < 0)
        return new ReplyReasoning(stream, {}, {}, parent);
    return new ReplyReasoning(stream, reply.parts.at(index).text, reply.parts.at(index).durationMs, parent);
}

QList<MessageRecord> ReplyContinuation::requestContext(QList<MessageRecord> branch,
                                                       const MessageRecord &reply)
{
    MessageRecord instruction;
    instruction.role = MessageRecord::Role::User;
    instruction.conversationId = reply.conversationId;
    instruction.parentId = reply.id;
    // Sent, never shown or saved: the model reads it as the user's next turn.
    instruction.content = QStringLiteral(
        "Your reply above was cut off at the token limit. Continue it exactly where it stopped, "
        "mid-word or mid-sentence if need be: do not repeat anything and add no preamble.");
    instruction.status = MessageRecord::Status::Complete;
    branch.append(instruction);
    return branch;
}

ReplyContinuation::ReplyContinuation(ConversationStore *store, MessageRecord reply, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_reply(std::move(reply))
{}

MessageRecord ReplyContinuation::merged(const ChatStream &stream, const ReplyReasoning &reasoning) const
{
    MessageRecord message = m_reply;
    if (message.parts.isEmpty())
        message.parts = MessageParts::fromContent(message.content);
    mergeThinking(message.parts, reasoning, stream);
    mergeText(message.parts, stream.text());
    message.content = MessageParts::joinedText(message.parts);
    if (stream.isActive()) {
        message.status = MessageRecord::Status::Streaming;
        message.finishReason.clear();
        return message;
    }
    switch (stream.state()) {
    case ChatStream::State::Completed:
        message.finishReason = stream.finishReason(); // cut short again, or complete now
        break;
    case ChatStream::State::Cancelled:
        if (!stream.text().isEmpty()) {
            message.status = MessageRecord::Status::Stopped;
            message.finishReason.clear();
        }
        break;
    default:
        // Nothing added: the reply is as it was (the error is reported apart). Some text added
        // and then lost: the reply was interrupted there.
        if (!stream.text().isEmpty()) {
            message.status = MessageRecord::Status::Interrupted;
            message.finishReason.clear();
            if (stream.error())
                message.errorText = stream.error()->message();
        }
        break;
    }
    if (const std::optional<TokenUsage> usage = stream.usage()) {
        // The continuation read the whole branch again: its prompt is the newer count.
        message.promptTokens = usage->promptTokens;
        message.completionTokens = sum(m_reply.completionTokens, usage->completionTokens);
        message.totalTokens = sum(message.promptTokens, message.completionTokens);
        if (usage->reasoningTokens > 0)
            message.reasoningTokens = sum(m_reply.reasoningTokens, usage->reasoningTokens);
    }
    if (!stream.model().isEmpty())
        message.model = stream.model();
    return message;
}

void ReplyContinuation::finish(const ChatStream &stream, const ReplyReasoning &reasoning)
{
    MessageRecord message = merged(stream, reasoning);
    message.writerId.clear();
    if (message.content == m_reply.content && message.status == m_reply.status &&
        message.finishReason == m_reply.finishReason &&
        message.parts ==
            (m_reply.parts.isEmpty() ? MessageParts::fromContent(m_reply.content) : m_reply.parts)) {
        Q_EMIT finished(message, {}); // nothing changed: nothing to write
        return;
    }
    message.updatedAt = QDateTime::currentDateTimeUtc();
    // Not made current: the user may have moved to another version meanwhile.
    onFinished(m_store->saveMessage(message, false), this,
               [this, message](const StorageError &failed) { Q_EMIT finished(message, failed); });
}
