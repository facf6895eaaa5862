// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssebodybuilder.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// The documents of Google's Gemini API (generateContent and friends), shaped as the real
// service sends them, compact. A stream is `data:` events of chunk() documents separated by
// CRLF, with no end marker.
class GeminiJson
{
public:
    static QString defaultModel(); // "gemini-2.0-flash"

    // {"promptTokenCount","candidatesTokenCount","totalTokenCount"} (candidates left out when < 0,
    // thoughtsTokenCount added when > 0).
    static QJsonObject usage(qint64 promptTokens, qint64 candidateTokens, qint64 thoughtTokens = 0);
    // A GenerateContentResponse with one candidate holding `parts`; finishReason and usage
    // left out when empty.
    static QByteArray chunk(const QJsonArray &parts, const QString &finishReason = {},
                            const QJsonObject &usageMetadata = {},
                            const QString &modelVersion = defaultModel());
    static QByteArray textChunk(const QString &text, const QString &finishReason = {},
                                const QJsonObject &usageMetadata = {});
    // {"error":{"code","message","status","details"}}; `wrapInArray` puts it in [ ] as the
    // service sometimes does.
    static QByteArray error(int code, const QString &message, const QString &status,
                            const QJsonArray &details = {}, bool wrapInArray = false);
    static QJsonObject errorInfo(const QString &reason);     // google.rpc.ErrorInfo
    static QJsonObject retryInfo(const QString &retryDelay); // google.rpc.RetryInfo, e.g. "17s"
    // {"models":[{"name":"models/<id>","supportedGenerationMethods":[…],…}]}; an id that ends in
    // "embedding" supports only embedContent.
    static QByteArray modelList(const QStringList &ids);

    // A whole reply: one chunk per delta, each with cumulative usage, the last with finishReason.
    static QByteArray reply(const QStringList &deltas, const QString &finishReason = QStringLiteral("STOP"),
                            SseBodyBuilder::LineEnding lineEnding = SseBodyBuilder::LineEnding::CrLf);

    static QByteArray compact(const QJsonObject &object);
};
