// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The model's thinking through every dialect end to end: the real QNetworkAccessManager against
// the scripted server, each shape of reasoning fed whole and in one-byte writes; and what the
// request bodies say about the reasoning effort and earlier thinking.
#include "anthropicjson.h"
#include "chatdialect.h"
#include "chatstream.h"
#include "geminijson.h"
#include "httpchatprovider.h"
#include "openaijson.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "streamrecorder.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Generous: the suite must pass on a loaded two-core machine. Nothing waits this long when
// the client works.
constexpr int doneTimeout = 20000;

} // namespace

Q_DECLARE_METATYPE(std::optional<ReasoningEffort>)

#define WAIT_FOR_DONE() QTRY_VERIFY_WITH_TIMEOUT(m_run->recorder->isDone(), doneTimeout)

class TestReasoning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // OpenAI-compatible servers (tst_reasoning_openai.cpp)
    void reasoningFields_data();
    void reasoningFields();
    void bothFieldsInOneDeltaAreReadOnce();
    void thinkTags_data();
    void thinkTags();
    void endsInsideThinking_data();
    void endsInsideThinking();
    void heldBackPieceIsReleasedAtTheEnd_data();
    void heldBackPieceIsReleasedAtTheEnd();
    void droppedWhileThinking_data();
    void droppedWhileThinking();
    void thinkingCountsAgainstTheSizeLimit();
    void resetForgetsThePartialTag();

    // Anthropic and Gemini (tst_reasoning_anthropic.cpp)
    void anthropicThinking_data();
    void anthropicThinking();
    void anthropicRedactedThinking();
    void anthropicRetryForgetsRedactedData();
    void redactedDataPastTheLimitFails();
    void geminiThoughts_data();
    void geminiThoughts();

    // The requests (tst_reasoning_requests.cpp)
    void openAiEffort_data();
    void openAiEffort();
    void anthropicEffort_data();
    void anthropicEffort();
    void anthropicBudgetRaisesMaxTokens_data();
    void anthropicBudgetRaisesMaxTokens();
    void geminiEffort_data();
    void geminiEffort();
    void noThinkingIsSentBack_data();
    void noThinkingIsSentBack();

private:
    enum class Api { OpenAi, Anthropic, Gemini };

    // Starts a request with `dialect` against the scripted server, which answers `response`.
    ChatStream *start(Api api, const ScriptedResponse &response, const ChatRequest &request,
                      qint64 maxReplyBytes = 0);
    static std::unique_ptr<ChatDialect> dialect(Api api);
    // The body `api` sends for `request`.
    static QJsonObject body(Api api, const ChatRequest &request);
    static ChatRequest request(Api api);
    // The body `api` sends for request() with `effort`, a temperature of 0.5 and a top_p of 0.9.
    static QJsonObject bodyWithEffort(Api api, std::optional<ReasoningEffort> effort);

    // What one test function uses, gone after it in the reverse order.
    struct Run
    {
        ScriptedServer server;
        QNetworkAccessManager network;
        std::unique_ptr<HttpChatProvider> provider;
        std::unique_ptr<ChatStream> stream;
        std::unique_ptr<StreamRecorder> recorder;
    };
    std::unique_ptr<Run> m_run;
};
