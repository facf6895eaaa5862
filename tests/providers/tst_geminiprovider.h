// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Gemini client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with streamGenerateContent's wire format (CRLF events, no end marker) and
// its faults.
#include "chatstream.h"
#include "geminidialect.h"
#include "geminijson.h"
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
using Json = GeminiJson;

namespace {

constexpr int doneTimeout = 20000;
constexpr QByteArrayView streamPath = "/v1beta/models/gemini-2.0-flash:streamGenerateContent";
const QString apiKey = u"AIzaSyTest-0123456789"_s;

inline ScriptedResponse streamHeaders(ScriptedResponse::Framing framing = ScriptedResponse::Framing::Chunked)
{
    return ScriptedResponse(200)
        .setHeader("Content-Type", "text/event-stream")
        .setHeader("Content-Disposition", "attachment")
        .setFraming(framing);
}

inline ScriptedResponse geminiStream(const QByteArray &body, int writeSize = 0)
{
    return streamHeaders().write(body, writeSize);
}

inline QJsonArray textParts(const QStringList &texts)
{
    QJsonArray parts;
    for (const QString &text : texts)
        parts.append(QJsonObject{{u"text"_s, text}});
    return parts;
}

} // namespace

#define WAIT_FOR_DONE() QTRY_VERIFY_WITH_TIMEOUT(m_recorder->isDone(), doneTimeout)

class TestGeminiProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // The request
    void requestCarriesContentsSystemInstructionAndConfig();
    void keyIsNeverInTheUrl();
    void modelNamesBecomePaths_data();
    void modelNamesBecomePaths();
    void noGenerationConfigWhenNothingIsSet();

    // The event stream
    void typedEventsInOrder();
    void finishedStreamCompletesWhenTheBodyEnds_data();
    void finishedStreamCompletesWhenTheBodyEnds();
    void finishedStreamLeftOpenCompletesAtTheIdleTimeout();
    void endWithoutFinishReasonIsInterrupted_data();
    void endWithoutFinishReasonIsInterrupted();
    void finishReasonsAreMapped_data();
    void finishReasonsAreMapped();
    void severalPartsAndThoughts();
    void blockedReplies_data();
    void blockedReplies();
    void everyFraming_data();
    void everyFraming();
    void malformedChunksAreSkipped();
    void errorChunk_data();
    void errorChunk();

    // HTTP errors and faults
    void httpErrorsAreTyped_data();
    void httpErrorsAreTyped();
    void retryDelayFromTheBody();
    void droppedMidStreamIsInterrupted();
    void idleTimeoutMidStream();

    // Models
    void listModels();
    void listModelsWithABadKey();
    void unreadableModelListNamesTheGeminiApi();

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
