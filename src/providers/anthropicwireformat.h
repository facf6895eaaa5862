// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatwireformat.h"
#include "tokenusage.h"

#include <QString>

class QJsonObject;

// Anthropic's Messages API: named events (message_start, content_block_start/delta/stop,
// message_delta, message_stop, ping, error) whose JSON repeats the name as `type`;
// {"type":"error","error":{"type","message"}} in the stream and in error bodies; and
// {"data":[{"id":...}]} for models. Stop reasons are mapped to the names the rest of Confab
// uses (OpenAI's): end_turn → stop, max_tokens → length, tool_use → tool_calls,
// refusal → content_filter. Thinking blocks are the reasoning (thinking_delta), their
// signature_delta its signature; a redacted_thinking block's data is kept whole, with no text.
class AnthropicWireFormat : public ChatWireFormat
{
public:
    void reset() override;
    void decodeEvent(const SseEvent &event, ChatStreamEvent &out) override;
    ProviderError errorFromHttpResponse(int status, const QByteArray &body) const override;
    std::optional<QStringList> parseModelList(const QByteArray &body) const override;
    QByteArray requestIdHeader() const override;
    QString apiDescription() const override;

    // "end_turn" → "stop" and so on; a reason we do not know is passed on as it is.
    static QString finishReason(const QString &stopReason);

private:
    void readMessageStart(const QJsonObject &event, ChatStreamEvent &out);
    void readContentBlockStart(const QJsonObject &event, ChatStreamEvent &out);
    void readContentDelta(const QJsonObject &event, ChatStreamEvent &out);
    void readMessageDelta(const QJsonObject &event, ChatStreamEvent &out);
    void readUsage(const QJsonObject &usage);

    // message_start holds the input tokens, message_delta the output so far: both are needed
    // for one TokenUsage.
    TokenUsage m_usage;
    bool m_textSeen = false; // some text arrived in this reply
};
