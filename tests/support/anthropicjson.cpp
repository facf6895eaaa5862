// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicjson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

QString AnthropicJson::defaultModel()
{
    return u"claude-sonnet-4-20250514"_s;
}

QByteArray AnthropicJson::compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray AnthropicJson::messageStartData(qint64 inputTokens, const QString &model, qint64 cacheReadTokens)
{
    QJsonObject usage{{u"input_tokens"_s, inputTokens}, {u"output_tokens"_s, 1}};
    if (cacheReadTokens >= 0) {
        usage.insert(u"cache_creation_input_tokens"_s, 0);
        usage.insert(u"cache_read_input_tokens"_s, cacheReadTokens);
    }
    const QJsonObject message{
        {u"id"_s, u"msg_01XFDUDYJgAACzvnptvVoYEL"_s},
        {u"type"_s, u"message"_s},
        {u"role"_s, u"assistant"_s},
        {u"model"_s, model},
        {u"content"_s, QJsonArray()},
        {u"stop_reason"_s, QJsonValue::Null},
        {u"stop_sequence"_s, QJsonValue::Null},
        {u"usage"_s, usage},
    };
    return compact({{u"type"_s, u"message_start"_s}, {u"message"_s, message}});
}

QByteArray AnthropicJson::contentBlockStartData(int index, const QJsonObject &block)
{
    return compact({{u"type"_s, u"content_block_start"_s}, {u"index"_s, index}, {u"content_block"_s, block}});
}

QByteArray AnthropicJson::deltaData(int index, const QJsonObject &delta)
{
    return compact({{u"type"_s, u"content_block_delta"_s}, {u"index"_s, index}, {u"delta"_s, delta}});
}

QByteArray AnthropicJson::textDeltaData(const QString &text, int index)
{
    return deltaData(index, {{u"type"_s, u"text_delta"_s}, {u"text"_s, text}});
}

QByteArray AnthropicJson::contentBlockStopData(int index)
{
    return compact({{u"type"_s, u"content_block_stop"_s}, {u"index"_s, index}});
}

QByteArray AnthropicJson::messageDeltaData(const QString &stopReason, qint64 outputTokens,
                                           const QJsonObject &stopDetails)
{
    QJsonObject delta{{u"stop_reason"_s, stopReason.isEmpty() ? QJsonValue(QJsonValue::Null) : stopReason},
                      {u"stop_sequence"_s, QJsonValue::Null}};
    if (!stopDetails.isEmpty())
        delta.insert(u"stop_details"_s, stopDetails);
    QJsonObject event{{u"type"_s, u"message_delta"_s}, {u"delta"_s, delta}};
    if (outputTokens >= 0)
        event.insert(u"usage"_s, QJsonObject{{u"output_tokens"_s, outputTokens}});
    return compact(event);
}

QByteArray AnthropicJson::error(const QString &type, const QString &message, const QString &requestId)
{
    QJsonObject object{{u"type"_s, u"error"_s},
                       {u"error"_s, QJsonObject{{u"type"_s, type}, {u"message"_s, message}}}};
    if (!requestId.isEmpty())
        object.insert(u"request_id"_s, requestId);
    return compact(object);
}

QByteArray AnthropicJson::modelList(const QStringList &ids)
{
    QJsonArray data;
    for (const QString &id : ids)
        data.append(QJsonObject{{u"type"_s, u"model"_s},
                                {u"id"_s, id},
                                {u"display_name"_s, id},
                                {u"created_at"_s, u"2025-05-14T00:00:00Z"_s}});
    return compact({{u"data"_s, data},
                    {u"has_more"_s, false},
                    {u"first_id"_s, ids.isEmpty() ? QJsonValue(QJsonValue::Null) : ids.first()},
                    {u"last_id"_s, ids.isEmpty() ? QJsonValue(QJsonValue::Null) : ids.last()}});
}

SseBodyBuilder &AnthropicJson::messageStart(SseBodyBuilder &body, qint64 inputTokens, const QString &model)
{
    return body.event("message_start", messageStartData(inputTokens, model));
}

SseBodyBuilder &AnthropicJson::contentBlockStart(SseBodyBuilder &body, int index)
{
    return body.event("content_block_start",
                      contentBlockStartData(index, {{u"type"_s, u"text"_s}, {u"text"_s, QString()}}));
}

SseBodyBuilder &AnthropicJson::textDelta(SseBodyBuilder &body, const QString &text, int index)
{
    return body.event("content_block_delta", textDeltaData(text, index));
}

SseBodyBuilder &AnthropicJson::contentBlockStop(SseBodyBuilder &body, int index)
{
    return body.event("content_block_stop", contentBlockStopData(index));
}

SseBodyBuilder &AnthropicJson::thinkingBlockStart(SseBodyBuilder &body, int index)
{
    return body.event("content_block_start", contentBlockStartData(index, {{u"type"_s, u"thinking"_s},
                                                                           {u"thinking"_s, QString()},
                                                                           {u"signature"_s, QString()}}));
}

SseBodyBuilder &AnthropicJson::thinkingDelta(SseBodyBuilder &body, const QString &thinking, int index)
{
    return body.event("content_block_delta",
                      deltaData(index, {{u"type"_s, u"thinking_delta"_s}, {u"thinking"_s, thinking}}));
}

SseBodyBuilder &AnthropicJson::signatureDelta(SseBodyBuilder &body, const QString &signature, int index)
{
    return body.event("content_block_delta",
                      deltaData(index, {{u"type"_s, u"signature_delta"_s}, {u"signature"_s, signature}}));
}

SseBodyBuilder &AnthropicJson::redactedThinking(SseBodyBuilder &body, const QString &data, int index)
{
    return body.event("content_block_start",
                      contentBlockStartData(index, {{u"type"_s, u"redacted_thinking"_s}, {u"data"_s, data}}));
}

SseBodyBuilder &AnthropicJson::messageDelta(SseBodyBuilder &body, const QString &stopReason,
                                            qint64 outputTokens)
{
    return body.event("message_delta", messageDeltaData(stopReason, outputTokens));
}

SseBodyBuilder &AnthropicJson::messageStop(SseBodyBuilder &body)
{
    return body.event("message_stop", compact({{u"type"_s, u"message_stop"_s}}));
}

SseBodyBuilder &AnthropicJson::ping(SseBodyBuilder &body)
{
    // As the service writes it, with a space after the colon.
    return body.event("ping", "{\"type\": \"ping\"}");
}

SseBodyBuilder &AnthropicJson::errorEvent(SseBodyBuilder &body, const QString &type, const QString &message)
{
    return body.event("error", error(type, message));
}

QByteArray AnthropicJson::reply(const QStringList &deltas, const QString &stopReason,
                                SseBodyBuilder::LineEnding lineEnding)
{
    SseBodyBuilder body(lineEnding);
    messageStart(body, 10);
    contentBlockStart(body);
    for (qsizetype i = 0; i < deltas.size(); ++i) {
        textDelta(body, deltas.at(i));
        if (i == 0)
            ping(body);
    }
    contentBlockStop(body);
    messageDelta(body, stopReason, deltas.size());
    messageStop(body);
    return body.bytes();
}
