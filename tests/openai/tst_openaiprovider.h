// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The OpenAI client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with OpenAI's wire format and its faults.
#include "chatstream.h"
#include "httpchatprovider.h"
#include "modellistreply.h"
#include "openaidialect.h"
#include "openaijson.h"
#include "providerconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "streamrecorder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Kind = ProviderError::Kind;
using LineEnding = SseBodyBuilder::LineEnding;

namespace {

// Generous: the suite must pass on a loaded two-core machine. Nothing waits this long when
// the client works.
constexpr int doneTimeout = 20000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";

inline qint64 msBetween(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to)
{
    return std::chrono::duration_cast<milliseconds>(to - from).count();
}

// Qt may fire a coarse timer up to 5 % early: fine for the client's own backoff and idle
// timeout, not for a wait the server asked for.
inline qint64 earliest(milliseconds delay)
{
    return delay.count() - delay.count() / 20 - 1;
}

inline ScriptedResponse chatResponse(const QByteArray &body, int writeSize = 0)
{
    return ScriptedResponse::eventStream(body, writeSize);
}

inline QByteArray simpleReply(const QString &text = u"Hello"_s)
{
    return SseBodyBuilder().reply({text}).bytes();
}

struct Expected
{
    QString text;
    QString refusal;
    QString finishReason;
    QString model;
    std::optional<TokenUsage> usage;
};

// What a recorded stream says, read with QJsonDocument: the reference the client must match.
inline Expected readRecorded(const QByteArray &body)
{
    Expected expected;
    for (const QByteArray &line : body.split('\n')) {
        if (!line.startsWith("data: ") || line == "data: [DONE]")
            continue;
        const QJsonObject chunk = QJsonDocument::fromJson(line.mid(6)).object();
        if (chunk.contains(u"model"_s))
            expected.model = chunk.value(u"model"_s).toString();
        for (const QJsonValue &value : chunk.value(u"choices"_s).toArray()) {
            const QJsonObject choice = value.toObject();
            if (choice.value(u"index"_s).toInt() != 0)
                continue;
            const QJsonObject delta = choice.value(u"delta"_s).toObject();
            expected.text += delta.value(u"content"_s).toString();
            expected.refusal += delta.value(u"refusal"_s).toString();
            if (choice.value(u"finish_reason"_s).isString())
                expected.finishReason = choice.value(u"finish_reason"_s).toString();
        }
        const QJsonObject usage = chunk.value(u"usage"_s).toObject();
        if (!usage.isEmpty()) {
            TokenUsage tokens;
            tokens.promptTokens = usage.value(u"prompt_tokens"_s).toInteger();
            tokens.completionTokens = usage.value(u"completion_tokens"_s).toInteger();
            tokens.totalTokens = usage.value(u"total_tokens"_s).toInteger();
            tokens.reasoningTokens = usage.value(u"completion_tokens_details"_s)
                                         .toObject()
                                         .value(u"reasoning_tokens"_s)
                                         .toInteger();
            expected.usage = tokens;
        }
    }
    return expected;
}

} // namespace

#define WAIT_FOR_DONE() QTRY_VERIFY_WITH_TIMEOUT(m_recorder->isDone(), doneTimeout)

class TestOpenAiProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // The request
    void requestCarriesModelMessagesAndHeaders();
    void optionalFieldsAndHeadersLeftOut();
    void endpointUnderAnyBaseUrl_data();
    void endpointUnderAnyBaseUrl();

    // The event stream
    void firstDeltaArrivesWhileServerWithholdsTheRest();
    void typedEventsInOrder();
    void refusalDeltas();
    void doneEndsTheStreamAtOnce_data();
    void doneEndsTheStreamAtOnce();
    void finishReasonWithoutDoneCompletes_data();
    void finishReasonWithoutDoneCompletes();
    void endWithoutFinishReasonIsInterrupted_data();
    void endWithoutFinishReasonIsInterrupted();
    void errorInsideStream_data();
    void errorInsideStream();
    void invalidChunksAreSkipped();
    void usageChunkWithoutChoices_data();
    void usageChunkWithoutChoices();
    void unknownFieldsAreIgnored();
    void onlyTheFirstChoiceCounts();
    void everyFraming_data();
    void everyFraming();
    void recordedStreams_data();
    void recordedStreams();
    void twoStreamsAtOnce();

    // HTTP errors
    void httpErrorsAreTyped_data();
    void httpErrorsAreTyped();
    void httpErrorBodyArrivingInPieces();
    void responseThatIsNotAnEventStream_data();
    void responseThatIsNotAnEventStream();

    // Network faults
    void connectionRefused();
    void droppedMidStreamIsInterrupted_data();
    void droppedMidStreamIsInterrupted();
    void idleTimeout_data();
    void idleTimeout();
    void keepAlivesHoldOffTheIdleTimeout();

    // Retries
    void transientStatusRetriedBeforeFirstToken_data();
    void transientStatusRetriedBeforeFirstToken();
    void retriesAreBounded();
    void connectErrorsAreRetried();
    void retryAfterIsHonoured_data();
    void retryAfterIsHonoured();
    void retryAfterBeyondLimitIsNotRetried();
    void retryAfterReportedWhenNotRetried();
    void shouldRetryFalsePreventsRetry();
    void nothingRetriedAfterFirstToken_data();
    void nothingRetriedAfterFirstToken();

    // Cancel
    void cancelWhileStreaming();
    void cancelBeforeResponse();
    void cancelWhileWaitingToRetry();
    void cancelAfterDoneChangesNothing();
    void cancelFromASignalHandler_data();
    void cancelFromASignalHandler();
    void destroyingTheStreamAbortsTheRequest();

    // Models
    void listModelsSorted();
    void listModelsErrors_data();
    void listModelsErrors();

private:
    ProviderConfig config(int maxRetries = 2) const;
    static ChatRequest request();
    ChatStream *start(const ProviderConfig &config, const ChatRequest &chatRequest = request());
    void scriptChat(const ScriptedResponse &response);

    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<HttpChatProvider> m_provider;
    std::unique_ptr<ChatStream> m_stream;
    std::unique_ptr<StreamRecorder> m_recorder;
};
