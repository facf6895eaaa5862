// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaijson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject chunkEnvelope()
{
    return QJsonObject{
        {u"id"_s, u"chatcmpl-scripted0123456789"_s},
        {u"object"_s, u"chat.completion.chunk"_s},
        {u"created"_s, 1727346172},
        {u"model"_s, OpenAiJson::defaultModel()},
        {u"system_fingerprint"_s, u"fp_scripted"_s},
        {u"usage"_s, QJsonValue::Null},
    };
}

} // namespace

QString OpenAiJson::defaultModel()
{
    return u"gpt-4o-2024-08-06"_s;
}

QByteArray OpenAiJson::chunk(const QJsonObject &delta, const QJsonValue &finishReason, int index)
{
    return chunkWithChoices(QJsonArray{choice(delta, finishReason, index)});
}

QByteArray OpenAiJson::chunkWithChoices(const QJsonArray &choices)
{
    QJsonObject object = chunkEnvelope();
    object.insert(u"choices"_s, choices);
    return compact(object);
}

QJsonObject OpenAiJson::choice(const QJsonObject &delta, const QJsonValue &finishReason, int index)
{
    return QJsonObject{
        {u"index"_s, index},
        {u"delta"_s, delta},
        {u"logprobs"_s, QJsonValue::Null},
        {u"finish_reason"_s, finishReason},
    };
}

QByteArray OpenAiJson::roleChunk()
{
    return chunk(
        QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}, {u"refusal"_s, QJsonValue::Null}});
}

QByteArray OpenAiJson::contentChunk(const QString &text, int index)
{
    return chunk(QJsonObject{{u"content"_s, text}}, QJsonValue::Null, index);
}

QByteArray OpenAiJson::reasoningChunk(const QString &text, const QString &field)
{
    return chunk(QJsonObject{{u"content"_s, QJsonValue::Null}, {field, text}});
}

QByteArray OpenAiJson::refusalChunk(const QString &text, int index)
{
    return chunk(QJsonObject{{u"refusal"_s, text}}, QJsonValue::Null, index);
}

QByteArray OpenAiJson::finishChunk(const QString &reason, int index)
{
    return chunk(QJsonObject{}, reason, index);
}

QByteArray OpenAiJson::usageChunk(qint64 promptTokens, qint64 completionTokens, qint64 reasoningTokens,
                                  EmptyChoices choices)
{
    QJsonObject usage{
        {u"prompt_tokens"_s, promptTokens},
        {u"completion_tokens"_s, completionTokens},
        {u"total_tokens"_s, promptTokens + completionTokens},
        {u"prompt_tokens_details"_s, QJsonObject{{u"cached_tokens"_s, 0}, {u"audio_tokens"_s, 0}}},
    };
    if (reasoningTokens >= 0) {
        usage.insert(u"completion_tokens_details"_s,
                     QJsonObject{{u"reasoning_tokens"_s, reasoningTokens}, {u"audio_tokens"_s, 0}});
    }
    QJsonObject object = chunkEnvelope();
    object.insert(u"usage"_s, usage);
    switch (choices) {
    case EmptyChoices::Array:
        object.insert(u"choices"_s, QJsonArray{});
        break;
    case EmptyChoices::Null:
        object.insert(u"choices"_s, QJsonValue::Null);
        break;
    case EmptyChoices::Absent:
        break;
    }
    return compact(object);
}

QByteArray OpenAiJson::error(const QString &message, const QString &type, const QString &code,
                             const QString &param)
{
    return compact(QJsonObject{{u"error"_s, QJsonObject{
                                                {u"message"_s, message},
                                                {u"type"_s, stringOrNull(type)},
                                                {u"param"_s, stringOrNull(param)},
                                                {u"code"_s, stringOrNull(code)},
                                            }}});
}

QByteArray OpenAiJson::errorString(const QString &message)
{
    return compact(QJsonObject{{u"error"_s, message}});
}

QByteArray OpenAiJson::modelList(const QStringList &ids)
{
    QJsonArray data;
    for (const QString &id : ids) {
        data.append(QJsonObject{
            {u"id"_s, id},
            {u"object"_s, u"model"_s},
            {u"created"_s, 1715367049},
            {u"owned_by"_s, u"system"_s},
        });
    }
    return compact(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, data}});
}

QByteArray OpenAiJson::compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
