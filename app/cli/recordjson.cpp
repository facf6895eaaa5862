// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordjson.h"

#include "console.h"
#include "messageparts.h"

#include <QJsonDocument>

namespace RecordJson {

namespace {
QJsonValue nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject common(const ConversationRecord &c)
{
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("created_at"), timestamp(c.createdAt)},
        {QStringLiteral("updated_at"), timestamp(c.updatedAt)},
        {QStringLiteral("pinned"), c.pinned},
        {QStringLiteral("archived"), c.archived},
    };
}

void write(const QJsonDocument &document)
{
    Console::writeOut(document.toJson(QJsonDocument::Indented));
    Console::flushOut();
}
} // namespace

QString timestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject listEntry(const ConversationRecord &conversation)
{
    QJsonObject json = common(conversation);
    json.insert(QStringLiteral("message_count"), double(conversation.messageCount));
    return json;
}

QJsonObject conversation(const ConversationRecord &conversation)
{
    QJsonObject json = common(conversation);
    json.insert(QStringLiteral("model"), conversation.model);
    json.insert(QStringLiteral("system_prompt"), conversation.systemPrompt);
    // null when unset: the server's default.
    json.insert(QStringLiteral("temperature"), conversation.temperature
                                                   ? QJsonValue(*conversation.temperature)
                                                   : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("top_p"),
                conversation.topP ? QJsonValue(*conversation.topP) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("max_tokens"),
                conversation.maxTokens ? QJsonValue(*conversation.maxTokens) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("reasoning_effort"),
                conversation.reasoningEffort
                    ? QJsonValue(ReasoningEffortName::of(*conversation.reasoningEffort))
                    : QJsonValue(QJsonValue::Null));
    return json;
}

QJsonObject message(const MessageRecord &message)
{
    QJsonObject json{
        {QStringLiteral("id"), message.id},
        {QStringLiteral("parent_id"), nullIfEmpty(message.parentId)},
        {QStringLiteral("role"), MessageRecord::roleName(message.role)},
        {QStringLiteral("content"), message.content},
        {QStringLiteral("status"), MessageRecord::statusName(message.status)},
        {QStringLiteral("model"), message.model},
        {QStringLiteral("created_at"), timestamp(message.createdAt)},
    };
    // In order; content is their text joined. A message read without parts is its content.
    json.insert(QStringLiteral("parts"),
                MessageParts::toJson(message.parts.isEmpty() ? MessageParts::fromContent(message.content)
                                                             : message.parts));
    if (!message.errorText.isEmpty())
        json.insert(QStringLiteral("error_text"), message.errorText);
    // The usage, where the server gave it, and what the client measured of the reply.
    const auto insertCount = [&json](const QString &key, std::optional<qint64> value) {
        if (value)
            json.insert(key, double(*value));
    };
    insertCount(QStringLiteral("prompt_tokens"), message.promptTokens);
    insertCount(QStringLiteral("completion_tokens"), message.completionTokens);
    insertCount(QStringLiteral("reasoning_tokens"), message.reasoningTokens);
    insertCount(QStringLiteral("first_token_ms"), message.firstTokenMs);
    if (message.tokensPerSecond)
        json.insert(QStringLiteral("tokens_per_second"), *message.tokensPerSecond);
    return json;
}

QJsonObject searchHit(const SearchHit &hit)
{
    return QJsonObject{
        {QStringLiteral("conversation_id"), hit.conversationId},
        {QStringLiteral("message_id"), nullIfEmpty(hit.messageId)},
        {QStringLiteral("title"), hit.title},
        {QStringLiteral("snippet"), hit.snippet},
        {QStringLiteral("in_reasoning"), hit.inReasoning},
    };
}

void print(const QJsonObject &json)
{
    write(QJsonDocument(json));
}

void print(const QJsonArray &json)
{
    write(QJsonDocument(json));
}

} // namespace RecordJson
