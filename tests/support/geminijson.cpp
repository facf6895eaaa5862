// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminijson.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

QString GeminiJson::defaultModel()
{
    return u"gemini-2.0-flash"_s;
}

QByteArray GeminiJson::compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject GeminiJson::usage(qint64 promptTokens, qint64 candidateTokens, qint64 thoughtTokens)
{
    QJsonObject usage{
        {u"promptTokenCount"_s, promptTokens},
        {u"promptTokensDetails"_s,
         QJsonArray{QJsonObject{{u"modality"_s, u"TEXT"_s}, {u"tokenCount"_s, promptTokens}}}},
        {u"totalTokenCount"_s, promptTokens + qMax<qint64>(candidateTokens, 0) + thoughtTokens},
    };
    if (candidateTokens >= 0)
        usage.insert(u"candidatesTokenCount"_s, candidateTokens);
    if (thoughtTokens > 0)
        usage.insert(u"thoughtsTokenCount"_s, thoughtTokens);
    return usage;
}

QByteArray GeminiJson::chunk(const QJsonArray &parts, const QString &finishReason,
                             const QJsonObject &usageMetadata, const QString &modelVersion)
{
    QJsonObject candidate{{u"content"_s, QJsonObject{{u"parts"_s, parts}, {u"role"_s, u"model"_s}}}};
    if (!finishReason.isEmpty()) {
        candidate.insert(u"finishReason"_s, finishReason);
        candidate.insert(u"index"_s, 0);
    }
    QJsonObject response{{u"candidates"_s, QJsonArray{candidate}},
                         {u"modelVersion"_s, modelVersion},
                         {u"responseId"_s, u"otSfaMfSOu3xn9kP5pnMyQ4"_s}};
    if (!usageMetadata.isEmpty())
        response.insert(u"usageMetadata"_s, usageMetadata);
    return compact(response);
}

QByteArray GeminiJson::textChunk(const QString &text, const QString &finishReason,
                                 const QJsonObject &usageMetadata)
{
    return chunk(QJsonArray{QJsonObject{{u"text"_s, text}}}, finishReason, usageMetadata);
}

QByteArray GeminiJson::error(int code, const QString &message, const QString &status,
                             const QJsonArray &details, bool wrapInArray)
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}, {u"status"_s, status}};
    if (!details.isEmpty())
        error.insert(u"details"_s, details);
    const QJsonObject root{{u"error"_s, error}};
    if (wrapInArray)
        return QJsonDocument(QJsonArray{root}).toJson(QJsonDocument::Compact);
    return compact(root);
}

QJsonObject GeminiJson::errorInfo(const QString &reason)
{
    return {{u"@type"_s, u"type.googleapis.com/google.rpc.ErrorInfo"_s},
            {u"reason"_s, reason},
            {u"domain"_s, u"googleapis.com"_s},
            {u"metadata"_s, QJsonObject{{u"service"_s, u"generativelanguage.googleapis.com"_s}}}};
}

QJsonObject GeminiJson::retryInfo(const QString &retryDelay)
{
    return {{u"@type"_s, u"type.googleapis.com/google.rpc.RetryInfo"_s}, {u"retryDelay"_s, retryDelay}};
}

QByteArray GeminiJson::modelList(const QStringList &ids)
{
    QJsonArray models;
    for (const QString &id : ids) {
        const QJsonArray methods = id.endsWith(u"embedding"_s)
                                       ? QJsonArray{u"embedContent"_s}
                                       : QJsonArray{u"generateContent"_s, u"countTokens"_s};
        models.append(QJsonObject{{u"name"_s, u"models/"_s + id},
                                  {u"version"_s, u"001"_s},
                                  {u"displayName"_s, id},
                                  {u"inputTokenLimit"_s, 1048576},
                                  {u"supportedGenerationMethods"_s, methods}});
    }
    return compact({{u"models"_s, models}});
}

QByteArray GeminiJson::reply(const QStringList &deltas, const QString &finishReason,
                             SseBodyBuilder::LineEnding lineEnding)
{
    SseBodyBuilder body(lineEnding);
    for (qsizetype i = 0; i < deltas.size(); ++i) {
        const bool last = i == deltas.size() - 1;
        body.data(textChunk(deltas.at(i), last ? finishReason : QString(), usage(8, i + 1)));
    }
    return body.bytes();
}
