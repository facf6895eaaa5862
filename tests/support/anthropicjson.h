// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssebodybuilder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// The events and documents of Anthropic's Messages API, shaped as the real service sends
// them, compact. The event helpers append `event: <type>` + `data: <json>` to a builder:
//
//     SseBodyBuilder body;
//     AnthropicJson::messageStart(body, 11);
//     AnthropicJson::textDelta(body, u"Hi"_s);
//     AnthropicJson::messageDelta(body, u"end_turn"_s, 6);
//     AnthropicJson::messageStop(body);
class AnthropicJson
{
public:
    static QString defaultModel(); // "claude-sonnet-4-20250514"

    static QByteArray messageStartData(qint64 inputTokens, const QString &model = defaultModel(),
                                       qint64 cacheReadTokens = -1);
    static QByteArray contentBlockStartData(int index, const QJsonObject &block);
    static QByteArray deltaData(int index, const QJsonObject &delta);
    static QByteArray textDeltaData(const QString &text, int index = 0);
    static QByteArray contentBlockStopData(int index);
    // stop_reason null when empty; usage left out when outputTokens < 0.
    static QByteArray messageDeltaData(const QString &stopReason, qint64 outputTokens,
                                       const QJsonObject &stopDetails = {});
    // {"type":"error","error":{"type","message"}}, as in the stream and in error bodies;
    // `requestId` adds "request_id" as error bodies have it.
    static QByteArray error(const QString &type, const QString &message, const QString &requestId = {});
    // {"data":[{"type":"model","id":…,"display_name":…,"created_at":…}],"has_more":false,…}
    static QByteArray modelList(const QStringList &ids);

    static SseBodyBuilder &messageStart(SseBodyBuilder &body, qint64 inputTokens,
                                        const QString &model = defaultModel());
    static SseBodyBuilder &contentBlockStart(SseBodyBuilder &body, int index = 0);
    static SseBodyBuilder &textDelta(SseBodyBuilder &body, const QString &text, int index = 0);
    static SseBodyBuilder &contentBlockStop(SseBodyBuilder &body, int index = 0);
    // Extended thinking: a thinking block's start, its thinking_delta and signature_delta, and a
    // redacted_thinking block's start, which carries its data whole.
    static SseBodyBuilder &thinkingBlockStart(SseBodyBuilder &body, int index = 0);
    static SseBodyBuilder &thinkingDelta(SseBodyBuilder &body, const QString &thinking, int index = 0);
    static SseBodyBuilder &signatureDelta(SseBodyBuilder &body, const QString &signature, int index = 0);
    static SseBodyBuilder &redactedThinking(SseBodyBuilder &body, const QString &data, int index = 0);
    static SseBodyBuilder &messageDelta(SseBodyBuilder &body, const QString &stopReason, qint64 outputTokens);
    static SseBodyBuilder &messageStop(SseBodyBuilder &body);
    static SseBodyBuilder &ping(SseBodyBuilder &body);
    static SseBodyBuilder &errorEvent(SseBodyBuilder &body, const QString &type, const QString &message);

    // A whole reply: message_start, one text block with a delta per entry (and a ping after the
    // first), message_delta with the stop reason and usage, message_stop.
    static QByteArray reply(const QStringList &deltas, const QString &stopReason = QStringLiteral("end_turn"),
                            SseBodyBuilder::LineEnding lineEnding = SseBodyBuilder::LineEnding::Lf);

    static QByteArray compact(const QJsonObject &object);
};
