// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatwireformat.h"
#include "openaichunk.h"
#include "thinktagsplitter.h"

// OpenAI's Chat Completions wire format: `data:` events holding chat.completion.chunk JSON,
// `data: [DONE]` at the end, `event: error` from some compatible servers, {"error": ...} objects in the
// stream and in error bodies, and {"object":"list","data":[{"id":...}]} for models. The thinking
// comes as `reasoning_content` or `reasoning` deltas, or as <think>…</think> opening the content.
class OpenAiWireFormat : public ChatWireFormat
{
public:
    void reset() override;
    void decodeEvent(const SseEvent &event, ChatStreamEvent &out) override;
    void finish(ChatStreamEvent &out) override;
    ProviderError errorFromHttpResponse(int status, const QByteArray &body) const override;
    std::optional<QStringList> parseModelList(const QByteArray &body) const override;
    // The ids of a model list shaped {"data": [{"id": …}, …]} (OpenAI's, and Anthropic's too),
    // sorted, each once; nullopt when the body is not one.
    static std::optional<QStringList> idsFromDataList(const QByteArray &body);
    QString apiDescription() const override;

private:
    OpenAiChunk m_chunk; // reused: it runs once per token
    ThinkTagSplitter m_thinkTags;
};
