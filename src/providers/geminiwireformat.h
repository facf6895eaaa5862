// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatwireformat.h"
#include "tokenusage.h"

#include <QString>

#include <optional>

class QJsonObject;

// Google Gemini's streamGenerateContent with alt=sse: unnamed events, each a whole
// GenerateContentResponse (candidates[0].content.parts[].text, the thinking in parts marked
// "thought": true, finishReason on the last,
// cumulative usageMetadata on every one), and no end marker: the reply is complete once a
// finish reason has come and the body ends. Errors are {"error":{"code","message","status"}},
// sometimes inside an array. Models are {"models":[{"name":"models/..."}]}.
class GeminiWireFormat : public ChatWireFormat
{
public:
    void reset() override;
    void decodeEvent(const SseEvent &event, ChatStreamEvent &out) override;
    ProviderError errorFromHttpResponse(int status, const QByteArray &body) const override;
    std::optional<QStringList> parseModelList(const QByteArray &body) const override;
    QString apiDescription() const override;

    // "STOP" → "stop", "MAX_TOKENS" → "length"; a safety block → "content_filter"; others in
    // lower case; "" for none. A reply with a functionCall part ends as "tool_calls".
    static QString finishReason(const QString &geminiReason);
    // Whether the reason means Google's filters withheld the reply.
    static bool isBlocked(const QString &geminiReason);

private:
    void readCandidate(const QJsonObject &candidate, ChatStreamEvent &out);
    static TokenUsage readUsage(const QJsonObject &usage);

    std::optional<TokenUsage> m_lastUsage; // every chunk repeats it: only a change is reported
    bool m_textSeen = false;
    bool m_toolCallSeen = false; // a functionCall part came: the reply ends as "tool_calls"
};
