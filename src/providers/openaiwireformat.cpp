// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaiwireformat.h"

#include "openaichunkdecoder.h"
#include "sseevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

void OpenAiWireFormat::reset()
{
    m_thinkTags.reset();
}

void OpenAiWireFormat::decodeEvent(const SseEvent &event, ChatStreamEvent &out)
{
    out.clear();

    // Some compatible servers name their error events; the data is an error object or text.
    if (event.type == "error"_L1) {
        ProviderError error = ProviderError::fromHttpResponse(0, event.data);
        error.kind = ProviderError::Kind::StreamError;
        out.kind = ChatStreamEvent::Kind::Error;
        out.error = std::move(error);
        return;
    }
    // Any other type is read as a chunk too: OpenAI names none, and a server that names its
    // chunks should still be understood. A keep-alive then decodes to an empty update.
    switch (OpenAiChunkDecoder::decode(event.data, m_chunk)) {
    case OpenAiChunkDecoder::Result::Done:
        out.kind = ChatStreamEvent::Kind::Done;
        return;
    case OpenAiChunkDecoder::Result::Invalid:
        out.kind = ChatStreamEvent::Kind::Invalid;
        return;
    case OpenAiChunkDecoder::Result::Chunk:
        break;
    }

    if (m_chunk.error) {
        ProviderError error;
        error.kind = ProviderError::Kind::StreamError;
        error.providerMessage = m_chunk.error->message;
        error.providerType = m_chunk.error->type;
        error.providerCode = m_chunk.error->code;
        out.kind = ChatStreamEvent::Kind::Error;
        out.error = std::move(error);
        return;
    }

    out.kind = ChatStreamEvent::Kind::Update;
    out.reasoning = std::move(m_chunk.reasoning);
    if (m_thinkTags.passesThrough())
        out.content = std::move(m_chunk.content);
    else
        m_thinkTags.feed(m_chunk.content, out.reasoning, out.content);
    out.refusal = std::move(m_chunk.refusal);
    out.finishReason = std::move(m_chunk.finishReason);
    if (out.finishReason == "function_call"_L1) // the deprecated name of a tool call
        out.finishReason = u"tool_calls"_s;
    out.model = std::move(m_chunk.model);
    out.usage = m_chunk.usage;
}

void OpenAiWireFormat::finish(ChatStreamEvent &out)
{
    out.clear();
    m_thinkTags.finish(out.reasoning, out.content);
    if (!out.reasoning.isEmpty() || !out.content.isEmpty())
        out.kind = ChatStreamEvent::Kind::Update;
}

ProviderError OpenAiWireFormat::errorFromHttpResponse(int status, const QByteArray &body) const
{
    return ProviderError::fromHttpResponse(status, body);
}

std::optional<QStringList> OpenAiWireFormat::parseModelList(const QByteArray &body) const
{
    return idsFromDataList(body);
}

std::optional<QStringList> OpenAiWireFormat::idsFromDataList(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue data = document.object().value("data"_L1);
    if (!data.isArray())
        return std::nullopt;

    QStringList ids;
    const QJsonArray models = data.toArray();
    ids.reserve(models.size());
    for (const QJsonValue &model : models) {
        const QString id = model.toObject().value("id"_L1).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    ids.sort();
    ids.removeDuplicates();
    return ids;
}

QString OpenAiWireFormat::apiDescription() const
{
    return u"an OpenAI-compatible API (it often ends in /v1)"_s;
}
