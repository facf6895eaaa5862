// SPDX-License-Identifier: GPL-3.0-or-later
#include "replycontinuation.h"

#include "conversationstore.h"
#include "futurecallback.h"
#include "chatstream.h"

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

} // namespace

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

MessageRecord ReplyContinuation::merged(const ChatStream &stream) const
{
    MessageRecord message = m_reply;
    message.content += stream.text();
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
    }
    if (!stream.model().isEmpty())
        message.model = stream.model();
    return message;
}

void ReplyContinuation::finish(const ChatStream &stream)
{
    MessageRecord message = merged(stream);
    message.writerId.clear();
    if (message.content == m_reply.content && message.status == m_reply.status &&
        message.finishReason == m_reply.finishReason) {
        Q_EMIT finished(message, {}); // nothing changed: nothing to write
        return;
    }
    message.updatedAt = QDateTime::currentDateTimeUtc();
    // Not made current: the user may have moved to another version meanwhile.
    onFinished(m_store->saveMessage(message, false), this,
               [this, message](const StorageError &failed) { Q_EMIT finished(message, failed); });
}
