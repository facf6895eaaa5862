// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminiwireformat.h"

#include "sseevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

// Google wraps an error in an array now and then (a recorded 404 has it so): take the first.
QJsonObject rootObject(const QJsonDocument &document)
{
    if (document.isArray())
        return document.array().isEmpty() ? QJsonObject() : document.array().first().toObject();
    return document.object();
}

// Statuses of google.rpc that waiting fixes.
bool isTransientStatus(const QString &status, qint64 code)
{
    return status == "UNAVAILABLE"_L1 || status == "INTERNAL"_L1 || status == "DEADLINE_EXCEEDED"_L1 ||
           status == "RESOURCE_EXHAUSTED"_L1 || code == 429 || code == 500 || code == 503 || code == 504;
}

ProviderError streamError(const QJsonObject &error)
{
    ProviderError result;
    result.kind = ProviderError::Kind::StreamError;
    result.providerMessage = error.value("message"_L1).toString();
    result.providerType = error.value("status"_L1).toString();
    const qint64 code = error.value("code"_L1).toInteger();
    if (code != 0)
        result.providerCode = QString::number(code);
    if (isTransientStatus(result.providerType, code))
        result.shouldRetry = true;
    return result;
}

// google.protobuf.Duration in JSON: "37s", "0.5s".
std::optional<milliseconds> parseDuration(QString text)
{
    if (!text.endsWith(u's'))
        return std::nullopt;
    text.chop(1);
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
        return std::nullopt;
    return milliseconds(qint64(std::ceil(seconds * 1000.0)));
}

ProviderError blockedError(const QString &reason, bool prompt)
{
    ProviderError error;
    error.kind = ProviderError::Kind::StreamError;
    error.providerType = reason;
    error.providerMessage = prompt ? u"Google's filters blocked the prompt (%1); rephrase it"_s.arg(reason)
                                   : u"Google's filters withheld the reply (%1)"_s.arg(reason);
    return error;
}

} // namespace

void GeminiWireFormat::reset()
{
    m_lastUsage.reset();
    m_textSeen = false;
    m_toolCallSeen = false;
}

bool GeminiWireFormat::isBlocked(const QString &geminiReason)
{
    return geminiReason == "SAFETY"_L1 || geminiReason == "RECITATION"_L1 || geminiReason == "BLOCKLIST"_L1 ||
           geminiReason == "PROHIBITED_CONTENT"_L1 || geminiReason == "SPII"_L1 ||
           geminiReason.startsWith("IMAGE_"_L1);
}

QString GeminiWireFormat::finishReason(const QString &geminiReason)
{
    if (geminiReason.isEmpty() || geminiReason == "FINISH_REASON_UNSPECIFIED"_L1)
        return {};
    if (geminiReason == "STOP"_L1)
        return u"stop"_s;
    if (geminiReason == "MAX_TOKENS"_L1)
        return u"length"_s;
    if (isBlocked(geminiReason))
        return u"content_filter"_s;
    return geminiReason.toLower();
}

void GeminiWireFormat::decodeEvent(const SseEvent &event, ChatStreamEvent &out)
{
    out.clear();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data, &parseError);
    if (parseError.error != QJsonParseError::NoError || (!document.isObject() && !document.isArray())) {
        out.kind = ChatStreamEvent::Kind::Invalid;
        return;
    }
    const QJsonObject response = rootObject(document);
    if (response.isEmpty()) {
        out.kind = ChatStreamEvent::Kind::Invalid;
        return;
    }

    if (const QJsonValue error = response.value("error"_L1); error.isObject()) {
        out.kind = ChatStreamEvent::Kind::Error;
        out.error = streamError(error.toObject());
        return;
    }

    out.kind = ChatStreamEvent::Kind::Update;
    out.model = response.value("modelVersion"_L1).toString();
    if (const QJsonValue usage = response.value("usageMetadata"_L1); usage.isObject()) {
        const TokenUsage counts = readUsage(usage.toObject());
        if (counts != m_lastUsage) {
            m_lastUsage = counts;
            out.usage = counts;
        }
    }

    const QJsonArray candidates = response.value("candidates"_L1).toArray();
    if (candidates.isEmpty()) {
        // With no candidate at all, a block reason says the prompt itself was refused.
        const QString blockReason =
            response.value("promptFeedback"_L1).toObject().value("blockReason"_L1).toString();
        if (!blockReason.isEmpty()) {
            out.clear();
            out.kind = ChatStreamEvent::Kind::Error;
            out.error = blockedError(blockReason, true);
        }
        return;
    }
    // Only the first candidate is shown; one that names its index is taken by it.
    QJsonObject chosen = candidates.first().toObject();
    for (const QJsonValue &candidate : candidates) {
        if (candidate.toObject().value("index"_L1).toInteger(-1) == 0) {
            chosen = candidate.toObject();
            break;
        }
    }
    readCandidate(chosen, out);
}

void GeminiWireFormat::readCandidate(const QJsonObject &candidate, ChatStreamEvent &out)
{
    const QJsonArray parts = candidate.value("content"_L1).toObject().value("parts"_L1).toArray();
    for (const QJsonValue &value : parts) {
        const QJsonObject part = value.toObject();
        if (part.value("thought"_L1).toBool()) {
            out.reasoning += part.value("text"_L1).toString(); // a summary of the thinking
            continue;
        }
        if (part.contains("functionCall"_L1))
            m_toolCallSeen = true;
        out.content += part.value("text"_L1).toString();
    }
    if (!out.content.isEmpty())
        m_textSeen = true;

    const QString reason = candidate.value("finishReason"_L1).toString();
    if (isBlocked(reason) && !m_textSeen) {
        // Nothing of the reply was shown: an empty reply would not say why.
        out.clear();
        out.kind = ChatStreamEvent::Kind::Error;
        out.error = blockedError(reason, false);
        return;
    }
    out.finishReason = finishReason(reason);
    // Gemini ends a function call with STOP: the call itself says what the model wanted.
    if (m_toolCallSeen && (out.finishReason == "stop"_L1 || reason == "MALFORMED_FUNCTION_CALL"_L1 ||
                           reason == "UNEXPECTED_TOOL_CALL"_L1))
        out.finishReason = u"tool_calls"_s;
}

// OpenAI counts reasoning inside the completion; Gemini counts its thoughts apart. Added in
// here, the numbers mean the same for every provider.
TokenUsage GeminiWireFormat::readUsage(const QJsonObject &usage)
{
    TokenUsage counts;
    counts.promptTokens = TokenUsage::count(usage.value("promptTokenCount"_L1).toInteger());
    counts.reasoningTokens = TokenUsage::count(usage.value("thoughtsTokenCount"_L1).toInteger());
    counts.completionTokens =
        TokenUsage::sum(usage.value("candidatesTokenCount"_L1).toInteger(), counts.reasoningTokens);
    counts.totalTokens = TokenUsage::count(usage.value("totalTokenCount"_L1).toInteger());
    if (counts.totalTokens == 0)
        counts.totalTokens = TokenUsage::sum(counts.promptTokens, counts.completionTokens);
    return counts;
}

ProviderError GeminiWireFormat::errorFromHttpResponse(int status, const QByteArray &body) const
{
    // The shared reader takes message, status (as the type) and code, array or not.
    ProviderError error = ProviderError::fromHttpResponse(status, body);
    const QJsonObject details = rootObject(QJsonDocument::fromJson(body)).value("error"_L1).toObject();
    const QJsonArray detailList = details.value("details"_L1).toArray();
    for (const QJsonValue &value : detailList) {
        const QJsonObject detail = value.toObject();
        // A wrong key is a 400 INVALID_ARGUMENT at Google; the user must hear it is the key.
        if (detail.value("reason"_L1).toString().startsWith("API_KEY_"_L1))
            error.kind = ProviderError::Kind::Authentication;
        // A 429 says in its body how long to wait; a Retry-After header, if any, still wins.
        if (detail.value("@type"_L1).toString().endsWith("google.rpc.RetryInfo"_L1)) {
            if (const auto wait = parseDuration(detail.value("retryDelay"_L1).toString()))
                error.retryAfter = wait;
        }
    }
    if (error.providerType == "UNAUTHENTICATED"_L1 || error.providerType == "PERMISSION_DENIED"_L1)
        error.kind = ProviderError::Kind::Authentication;
    return error;
}

std::optional<QStringList> GeminiWireFormat::parseModelList(const QByteArray &body) const
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue models = root.value("models"_L1);
    if (!models.isArray()) {
        // An account that can use no model gets an empty object.
        if (root.isEmpty() && QJsonDocument::fromJson(body).isObject())
            return QStringList();
        return std::nullopt;
    }
    QStringList ids;
    const QJsonArray list = models.toArray();
    ids.reserve(list.size());
    for (const QJsonValue &value : list) {
        const QJsonObject model = value.toObject();
        // Embedding and other models that cannot chat are left out when the list says so.
        const QJsonValue methods = model.value("supportedGenerationMethods"_L1);
        if (methods.isArray() && !methods.toArray().contains(u"generateContent"_s) &&
            !methods.toArray().contains(u"streamGenerateContent"_s))
            continue;
        QString id = model.value("name"_L1).toString();
        if (id.startsWith("models/"_L1))
            id.remove(0, 7);
        if (!id.isEmpty())
            ids.append(id);
    }
    ids.sort();
    ids.removeDuplicates();
    return ids;
}

QString GeminiWireFormat::apiDescription() const
{
    return u"Google's Gemini API (it often ends in /v1beta)"_s;
}
