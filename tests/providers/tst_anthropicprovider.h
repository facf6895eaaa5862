// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Anthropic client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with the Messages API's wire format and its faults.
#include "anthropicdialect.h"
#include "anthropicjson.h"
#include "chatstream.h"
#include "httpchatprovider.h"
#include "modellistreply.h"
#include "providerconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "streamrecorder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ProviderError::Kind;
using LineEnding = SseBodyBuilder::LineEnding;
using Json = AnthropicJson;

namespace {

// Generous: the suite must pass on a loaded two-core machine. Nothing waits this long when
// the client works.
constexpr int doneTimeout = 20000;
constexpr QByteArrayView messagesPath = "/v1/messages";
const QString apiKey = u"sk-ant-test-0123456789"_s;

inline ScriptedResponse streamHeaders(ScriptedResponse::Framing framing = ScriptedResponse::Framing::Chunked)
{
    return ScriptedResponse(200)
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .setFraming(framing);
}

// The beginning of a reply, up to and including its first text delta.
inline SseBodyBuilder &begin(SseBodyBuilder &body, const QString &firstText)
{
    Json::messageStart(body, 12);
    Json::contentBlockStart(body);
    return Json::textDelta(body, firstText);
}

} // namespace

#define WAIT_FOR_DONE() QTRY_VERIFY_WITH_TIMEOUT(m_recorder->isDone(), doneTimeout)

class TestAnthropicProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // The request
    void requestCarriesModelSystemMessagesAndHeaders();
    void defaultsWhenNothingIsSet();

    // The event stream
    void typedEventsInOrder();
    void stopReasonsAreMapped_data();
    void stopReasonsAreMapped();
    void refusal_data();
    void refusal();
    void nonTextBlocksAreIgnored();
    void unknownEventsAndPingsAreIgnored();
    void messageStopEndsTheStreamAtOnce();
    void stopReasonWithoutMessageStopCompletes_data();
    void stopReasonWithoutMessageStopCompletes();
    void endWithoutStopReasonIsInterrupted();
    void everyFraming_data();
    void everyFraming();
    void malformedEventsAreSkipped();
    void errorEventAfterTextKeepsTheText();
    void errorEventBeforeTextIsRetriedWhenTransient_data();
    void errorEventBeforeTextIsRetriedWhenTransient();

    // HTTP errors and faults
    void httpErrorsAreTyped_data();
    void httpErrorsAreTyped();
    void retryAfterIsReported();
    void requestIdComesFromItsHeader();
    void streamErrorCarriesTheRequestIdHeader();
    void notAnEventStreamNamesTheMessagesApi();
    void droppedMidStreamIsInterrupted();
    void idleTimeoutMidStream();

    // Models
    void listModels();
    void listModelsUnauthorised();

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
