// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicwireformat.h"

#include "openaiwireformat.h"

#include "sseevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// Error types that waiting fixes. Anthropic sends overloaded_error where a plain request
// would have had HTTP 529; the transport resends only before the first token was shown.
bool isTransientType(const QString &type)
{
    return type == "overloaded_error"_L1 || type == "api_error"_L1 || type == "rate_limit_error"_L1 ||
           type == "timeout_error"_L1;
}

ProviderError streamError(const QJsonObject &error)
{
    ProviderError result;
    result.kind = ProviderError::Kind::StreamError;
    result.providerMessage = error.value("message"_L1).toString();
    result.providerType = error.value("type"_L1).toString();
    if (isTransientType(result.providerType))
        result.shouldRetry = true;
    return result;
}

// input_tokens leaves out what was read from or written to the prompt cache; those tokens were
// sent all the same, so the prompt count includes them.
qint64 promptTokens(const QJsonObject &usage)
{
    return TokenUsage::sum(TokenUsage::sum(usage.value("input_tokens"_L1).toInteger(),
                                           usage.value("cache_creation_input_tokens"_L1).toInteger()),
                           usage.value("cache_read_input_tokens"_L1).toInteger());
}

} // namespace

void AnthropicWireFormat::reset()
{
    m_usage = TokenUsage();
    m_textSeen = false;
}

QString AnthropicWireFormat::finishReason(const QString &stopReason)
{
    if (stopReason == "end_turn"_L1 || stopReason == "stop_sequence"_L1)
        return u"stop"_s;
    if (stopReason == "max_tokens"_L1 || stopReason == "model_context_window_exceeded"_L1)
        return u"length"_s;
    if (stopReason == "tool_use"_L1)
        return u"tool_calls"_s;
    if (stopReason == "refusal"_L1)
        return u"content_filter"_s;
    return stopReason;
}

void AnthropicWireFormat::decodeEvent(const SseEvent &event, ChatStreamEvent &out)
{
    out.clear();
    if (event.type == "ping"_L1)
        return; // Ignored

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (event.type == "error"_L1) {
            // An error whose data is not the usual object still ends the reply; its text is
            // all there is to show.
            ProviderError error = ProviderError::fromHttpResponse(0, event.data);
            error.kind = ProviderError::Kind::StreamError;
            out.kind = ChatStreamEvent::Kind::Error;
            out.error = std::move(error);
            return;
        }
        out.kind = ChatStreamEvent::Kind::Invalid;
        return;
    }

    const QJsonObject object = document.object();
    // The JSON names itself; the event line says the same and serves when it does not.
    QString type = object.value("type"_L1).toString();
    if (type.isEmpty())
        type = event.type;

    if (type == "content_block_delta"_L1) {
        readContentDelta(object, out);
    } else if (type == "message_start"_L1) {
        readMessageStart(object, out);
    } else if (type == "message_delta"_L1) {
        readMessageDelta(object, out);
    } else if (type == "message_stop"_L1) {
        out.kind = ChatStreamEvent::Kind::Done;
    } else if (type == "error"_L1) {
        out.kind = ChatStreamEvent::Kind::Error;
        const QJsonValue error = object.value("error"_L1);
        if (error.isObject()) {
            out.error = streamError(error.toObject());
        } else {
            // Not Anthropic's shape (a gateway's, say): the shared reader knows the others.
            out.error = ProviderError::fromHttpResponse(0, event.data);
            out.error->kind = ProviderError::Kind::StreamError;
        }
    } else if (type == "content_block_start"_L1) {
        readContentBlockStart(object, out);
    }
    // content_block_stop, ping and any type added later: Ignored, as Anthropic asks of clients.
}

void AnthropicWireFormat::readMessageStart(const QJsonObject &event, ChatStreamEvent &out)
{
    const QJsonObject message = event.value("message"_L1).toObject();
    readUsage(message.value("usage"_L1).toObject());
    out.model = message.value("model"_L1).toString();
    out.kind = out.model.isEmpty() ? ChatStreamEvent::Kind::Ignored : ChatStreamEvent::Kind::Update;
}

void AnthropicWireFormat::readContentBlockStart(const QJsonObject &event, ChatStreamEvent &out)
{
    // Text and thinking blocks start empty; should one ever start with text, it is part of the
    // reply. A redacted block comes whole here: opaque data, to send back unchanged, no text.
    const QJsonObject block = event.value("content_block"_L1).toObject();
    const QString blockType = block.value("type"_L1).toString();
    if (blockType == "text"_L1) {
        out.content = block.value("text"_L1).toString();
        m_textSeen |= !out.content.isEmpty();
    } else if (blockType == "thinking"_L1) {
        out.reasoning = block.value("thinking"_L1).toString();
        out.reasoningSignature = block.value("signature"_L1).toString();
    } else if (blockType == "redacted_thinking"_L1) {
        out.redactedReasoning = block.value("data"_L1).toString();
    }
    if (!out.content.isEmpty() || !out.reasoning.isEmpty() || !out.reasoningSignature.isEmpty() ||
        !out.redactedReasoning.isEmpty())
        out.kind = ChatStreamEvent::Kind::Update;
}

void AnthropicWireFormat::readContentDelta(const QJsonObject &event, ChatStreamEvent &out)
{
    const QJsonObject delta = event.value("delta"_L1).toObject();
    const QString deltaType = delta.value("type"_L1).toString();
    if (deltaType == "text_delta"_L1) {
        out.content = delta.value("text"_L1).toString();
        m_textSeen |= !out.content.isEmpty();
    } else if (deltaType == "thinking_delta"_L1) {
        out.reasoning = delta.value("thinking"_L1).toString();
    } else if (deltaType == "signature_delta"_L1) {
        out.reasoningSignature = delta.value("signature"_L1).toString();
    } else {
        return; // input_json_delta and citations_delta are not reply text
    }
    out.kind = ChatStreamEvent::Kind::Update;
}

void AnthropicWireFormat::readMessageDelta(const QJsonObject &event, ChatStreamEvent &out)
{
    const QJsonObject delta = event.value("delta"_L1).toObject();
    const QString stopReason = delta.value("stop_reason"_L1).toString();
    const QJsonObject usage = event.value("usage"_L1).toObject();

    if (stopReason == "refusal"_L1) {
        // The explanation is the provider's own words for why the model stopped: the reply the
        // user sees instead. With neither it nor any text, an empty reply would explain nothing.
        out.refusal = delta.value("stop_details"_L1).toObject().value("explanation"_L1).toString();
        if (out.refusal.isEmpty() && !m_textSeen) {
            ProviderError error;
            error.kind = ProviderError::Kind::StreamError;
            error.providerType = stopReason;
            error.providerMessage = u"the model declined to answer (stop reason: refusal)"_s;
            out.kind = ChatStreamEvent::Kind::Error;
            out.error = std::move(error);
            return;
        }
    }

    out.kind = ChatStreamEvent::Kind::Update;
    if (!stopReason.isEmpty())
        out.finishReason = finishReason(stopReason);
    if (!usage.isEmpty()) {
        readUsage(usage);
        out.usage = m_usage;
    }
}

// The counts are cumulative; a field that is absent keeps the value it had. Anthropic counts the
// thinking inside output_tokens and reports no reasoning count apart: reasoningTokens stays 0.
void AnthropicWireFormat::readUsage(const QJsonObject &usage)
{
    if (usage.contains("input_tokens"_L1))
        m_usage.promptTokens = promptTokens(usage);
    if (usage.contains("output_tokens"_L1))
        m_usage.completionTokens = TokenUsage::count(usage.value("output_tokens"_L1).toInteger());
    m_usage.totalTokens = TokenUsage::sum(m_usage.promptTokens, m_usage.completionTokens);
}

ProviderError AnthropicWireFormat::errorFromHttpResponse(int status, const QByteArray &body) const
{
    // {"type":"error","error":{"type","message"},"request_id"}: the shared reader takes the
    // message and the type; the status decides the kind as for every provider.
    ProviderError error = ProviderError::fromHttpResponse(status, body);
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    error.requestId = root.value("request_id"_L1).toString().left(200);

    // A plan without credit is refused with 400 and the message, or with billing_error.
    if (error.providerType == "billing_error"_L1 ||
        (status == 400 && error.providerMessage.contains("credit balance"_L1, Qt::CaseInsensitive)))
        error.kind = ProviderError::Kind::QuotaExceeded;
    // 529 is Anthropic's "overloaded": a server error that waiting fixes, like a 503.
    if (status == 529 || error.providerType == "overloaded_error"_L1) {
        error.kind = ProviderError::Kind::Server;
        error.shouldRetry = true;
    }
    return error;
}

std::optional<QStringList> AnthropicWireFormat::parseModelList(const QByteArray &body) const
{
    return OpenAiWireFormat::idsFromDataList(body); // the same {"data": [{"id": …}]} shape
}

// Anthropic names it request-id, without the x-.
QByteArray AnthropicWireFormat::requestIdHeader() const
{
    return QByteArrayLiteral("request-id");
}

QString AnthropicWireFormat::apiDescription() const
{
    return u"Anthropic's Messages API (it often ends in /v1)"_s;
}
