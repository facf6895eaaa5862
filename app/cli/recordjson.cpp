// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordjson.h"

#include "console.h"

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
    json.insert(QStringLiteral("temperature"),
                conversation.temperature ? QJsonValue(*conversation.temperature) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("top_p"),
                conversation.topP ? QJsonValue(*conversation.topP) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("max_tokens"),
                conversation.maxTokens ? QJsonValue(*conversation.maxTokens) : QJsonValue(QJsonValue::Null));
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
    if (!message.errorText.isEmpty())
        json.insert(QStringLiteral("error_text"), message.errorText);
    return json;
}

QJsonObject searchHit(const SearchHit &hit)
{
    return QJsonObject{
        {QStringLiteral("conversation_id"), hit.conversationId},
        {QStringLiteral("message_id"), nullIfEmpty(hit.messageId)},
        {QStringLiteral("title"), hit.title},
        {QStringLiteral("snippet"), hit.snippet},
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
