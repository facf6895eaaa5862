// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAI client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with OpenAI's wire format and its faults.
#include "openaijson.h"
#include "chatstream.h"
#include "modellistreply.h"
#include "openaiprovider.h"
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

qint64 msBetween(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to)
{
    return std::chrono::duration_cast<milliseconds>(to - from).count();
}

// Qt may fire a coarse timer up to 5 % early: fine for the client's own backoff and idle
// timeout, not for a wait the server asked for.
qint64 earliest(milliseconds delay)
{
    return delay.count() - delay.count() / 20 - 1;
}

ScriptedResponse chatResponse(const QByteArray &body, int writeSize = 0)
{
    return ScriptedResponse::eventStream(body, writeSize);
}

QByteArray simpleReply(const QString &text = u"Hello"_s)
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
Expected readRecorded(const QByteArray &body)
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
    std::unique_ptr<OpenAiProvider> m_provider;
    std::unique_ptr<ChatStream> m_stream;
    std::unique_ptr<StreamRecorder> m_recorder;
};

ProviderConfig TestOpenAiProvider::config(int maxRetries) const
{
    ProviderConfig config;
    config.baseUrl = m_server->baseUrl();
    config.apiKey = u"sk-test-0123456789"_s;
    config.idleTimeout = 15s; // bounds a broken test; the timeout tests set their own
    config.retry.maxRetries = maxRetries;
    config.retry.baseDelay = 50ms;
    config.retry.maxDelay = 1000ms;
    return config;
}

ChatRequest TestOpenAiProvider::request()
{
    ChatRequest chatRequest;
    chatRequest.model = u"gpt-4o-mini"_s;
    chatRequest.messages = {{ChatMessage::Role::User, u"Say hello"_s}};
    return chatRequest;
}

ChatStream *TestOpenAiProvider::start(const ProviderConfig &config, const ChatRequest &chatRequest)
{
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), config);
    m_stream.reset(m_provider->streamChat(chatRequest));
    m_recorder = std::make_unique<StreamRecorder>(m_stream.get());
    return m_stream.get();
}

void TestOpenAiProvider::scriptChat(const ScriptedResponse &response)
{
    m_server->enqueue("POST", chatPath.toByteArray(), response);
}

void TestOpenAiProvider::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestOpenAiProvider::cleanup()
{
    if (m_recorder) {
        const QStringList violations = m_recorder->violations();
        QVERIFY2(violations.isEmpty(),
                 qPrintable(violations.join(u"; "_s) + u" — events: "_s + m_recorder->events.join(u", "_s)));
    }
    m_recorder.reset();
    m_stream.reset();
    m_provider.reset();
    m_network.reset();
    m_server.reset();
}

// --- The request -------------------------------------------------------------------------

void TestOpenAiProvider::requestCarriesModelMessagesAndHeaders()
{
    scriptChat(chatResponse(simpleReply()));
    ProviderConfig settings = config();
    settings.organization = u"org-confab"_s;
    settings.project = u"proj_tests"_s;
    settings.extraHeaders = {{"X-Title", "Confab tests"}, {"HTTP-Referer", "https://confab.example"}};
    ChatRequest chatRequest;
    chatRequest.model = u"gpt-4o"_s;
    chatRequest.messages = {
        {ChatMessage::Role::System, u"Be brief."_s},
        {ChatMessage::Role::User, u"Héllo \"quoted\"\nnew line"_s},
        {ChatMessage::Role::Assistant, u"Hi!"_s},
        {ChatMessage::Role::User, u"How are you?"_s},
    };
    chatRequest.temperature = 0.25;
    chatRequest.topP = 0.5;
    chatRequest.maxTokens = 100;
    start(settings, chatRequest);
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);

    QCOMPARE(m_server->requestCount(), 1);
    const RecordedRequest sent = m_server->lastRequest();
    QCOMPARE(sent.method, "POST");
    QCOMPARE(sent.path(), chatPath);
    QCOMPARE(sent.header("Authorization"), "Bearer sk-test-0123456789");
    QVERIFY2(sent.header("Content-Type").startsWith("application/json"),
             sent.header("Content-Type").constData());
    QCOMPARE(sent.header("OpenAI-Organization"), "org-confab");
    QCOMPARE(sent.header("OpenAI-Project"), "proj_tests");
    QCOMPARE(sent.header("X-Title"), "Confab tests");
    QCOMPARE(sent.header("HTTP-Referer"), "https://confab.example");

    const QJsonObject body = sent.json();
    QVERIFY2(!body.isEmpty(), sent.body.constData());
    QCOMPARE(body.value(u"model"_s).toString(), u"gpt-4o"_s);
    QCOMPARE(body.value(u"stream"_s), QJsonValue(true));
    QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s), QJsonValue(true));
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 4);
    const QStringList roles{u"system"_s, u"user"_s, u"assistant"_s, u"user"_s};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(messages.at(i).toObject().value(u"role"_s).toString(), roles.at(i));
        QCOMPARE(messages.at(i).toObject().value(u"content"_s).toString(),
                 chatRequest.messages.at(i).content);
    }
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.25);
    QCOMPARE(body.value(u"top_p"_s).toDouble(), 0.5);
    const QJsonValue maxTokens = body.contains(u"max_completion_tokens"_s)
                                     ? body.value(u"max_completion_tokens"_s)
                                     : body.value(u"max_tokens"_s);
    QCOMPARE(maxTokens.toInt(), 100);
}

void TestOpenAiProvider::optionalFieldsAndHeadersLeftOut()
{
    scriptChat(chatResponse(simpleReply()));
    ProviderConfig settings = config();
    settings.apiKey.clear(); // a local server without a key
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);

    const RecordedRequest sent = m_server->lastRequest();
    QVERIFY2(!sent.hasHeader("Authorization"), sent.header("Authorization"));
    QVERIFY(!sent.hasHeader("OpenAI-Organization"));
    QVERIFY(!sent.hasHeader("OpenAI-Project"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QVERIFY(!body.contains(u"temperature"_s));
    QVERIFY(!body.contains(u"top_p"_s));
    QVERIFY(!body.contains(u"max_tokens"_s));
    QVERIFY(!body.contains(u"max_completion_tokens"_s));
}

void TestOpenAiProvider::endpointUnderAnyBaseUrl_data()
{
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QByteArray>("expectedPath");
    QTest::newRow("/v1") << u"/v1"_s << QByteArray("/v1/chat/completions");
    QTest::newRow("/v1/") << u"/v1/"_s << QByteArray("/v1/chat/completions");
    QTest::newRow("proxy prefix") << u"/api/openai/v1"_s << QByteArray("/api/openai/v1/chat/completions");
}

void TestOpenAiProvider::endpointUnderAnyBaseUrl()
{
    QFETCH(QString, basePath);
    QFETCH(QByteArray, expectedPath);
    m_server->setFallback(chatResponse(simpleReply()));
    ProviderConfig settings = config();
    settings.baseUrl = m_server->url(basePath);
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_server->lastRequest().path(), expectedPath);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

// --- The event stream --------------------------------------------------------------------

void TestOpenAiProvider::firstDeltaArrivesWhileServerWithholdsTheRest()
{
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(ScriptedResponse::Framing::Chunked)
                   .write(SseBodyBuilder().role().content(u"Hel"_s).bytes())
                   .hold()
                   .write(SseBodyBuilder().content(u"lo"_s).finish().usage(3, 2).done().bytes()));
    start(config());
    QTRY_COMPARE_WITH_TIMEOUT(m_recorder->contentDeltas.size(), 1, doneTimeout);
    // The server still holds the rest back: the delta came from the bytes read so far.
    QCOMPARE(m_server->holdingCount(), 1);
    QCOMPARE(m_recorder->contentDeltas.at(0), u"Hel"_s);
    QCOMPARE(m_stream->text(), u"Hel"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Streaming);
    QVERIFY(m_stream->isActive());
    QCOMPARE(m_recorder->doneCount, 0);
    QCOMPARE(m_recorder->startedCount, 1);

    m_server->release();
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"Hello"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::typedEventsInOrder()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .content(u"Hello"_s)
                                .content(u", world"_s)
                                .finish(u"stop"_s)
                                .usage(10, 2, 1)
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events, (QStringList{u"started"_s, u"content:Hello"_s, u"content:, world"_s,
                                              u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->stateAtDone, ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hello, world"_s);
    QCOMPARE(m_stream->refusal(), QString());
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->model(), OpenAiJson::defaultModel());
    QVERIFY(!m_stream->error());
    const TokenUsage expected{10, 2, 12, 1};
    QCOMPARE(m_recorder->usages.value(0), expected);
    QVERIFY(m_stream->usage());
    QCOMPARE(*m_stream->usage(), expected);
}

void TestOpenAiProvider::refusalDeltas()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .refusal(u"I'm sorry"_s)
                                .refusal(u", I can't help with that."_s)
                                .finish(u"stop"_s)
                                .usage(8, 9)
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->refusalDeltas, (QStringList{u"I'm sorry"_s, u", I can't help with that."_s}));
    QCOMPARE(m_stream->refusal(), u"I'm sorry, I can't help with that."_s);
    QCOMPARE(m_stream->text(), QString());
    QVERIFY(m_recorder->contentDeltas.isEmpty());
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::doneEndsTheStreamAtOnce_data()
{
    QTest::addColumn<bool>("withFinishReason");
    QTest::newRow("after finish_reason") << true;
    QTest::newRow("without finish_reason") << false;
}

void TestOpenAiProvider::doneEndsTheStreamAtOnce()
{
    QFETCH(bool, withFinishReason);
    SseBodyBuilder body;
    body.role().content(u"Hi"_s);
    if (withFinishReason)
        body.finish();
    body.done();
    // After [DONE] the server keeps the body open: the client must not wait for its end.
    scriptChat(ScriptedResponse::eventStream(body.bytes()).stall());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hi"_s);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::finishReasonWithoutDoneCompletes_data()
{
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<bool>("withUsage");
    QTest::newRow("stop") << u"stop"_s << false;
    QTest::newRow("length, then usage") << u"length"_s << true;
    QTest::newRow("content_filter") << u"content_filter"_s << false;
}

void TestOpenAiProvider::finishReasonWithoutDoneCompletes()
{
    QFETCH(QString, finishReason);
    QFETCH(bool, withUsage);
    SseBodyBuilder body;
    body.role().content(u"Some text"_s).finish(finishReason);
    if (withUsage)
        body.usage(4, 2);
    scriptChat(chatResponse(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
    QCOMPARE(m_recorder->usages.size(), withUsage ? 1 : 0);
}

void TestOpenAiProvider::endWithoutFinishReasonIsInterrupted_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestOpenAiProvider::endWithoutFinishReasonIsInterrupted()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // A clean end of the body, but the reply never said it was complete.
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(framing)
                   .write(SseBodyBuilder().role().content(u"Partial "_s).content(u"answ"_s).bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QVERIFY(m_stream->error());
    QCOMPARE(m_stream->error()->kind, Kind::Interrupted);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestOpenAiProvider::errorInsideStream_data()
{
    QTest::addColumn<QByteArray>("errorPayload");
    QTest::addColumn<QString>("providerMessage");
    QTest::newRow("object") << OpenAiJson::error(u"The model is overloaded. Try again later."_s,
                                                 u"server_error"_s, u"overloaded"_s)
                            << u"The model is overloaded. Try again later."_s;
    QTest::newRow("plain string") << OpenAiJson::errorString(u"upstream provider failed"_s)
                                  << u"upstream provider failed"_s;
}

void TestOpenAiProvider::errorInsideStream()
{
    QFETCH(QByteArray, errorPayload);
    QFETCH(QString, providerMessage);
    m_server->setFallback(chatResponse(simpleReply(u"A retry"_s)));
    scriptChat(chatResponse(SseBodyBuilder().role().content(u"Par"_s).data(errorPayload).bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerMessage, providerMessage);
    QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    QCOMPARE(m_stream->text(), u"Par"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_server->requestCount(), 1); // after the first token: never again
}

void TestOpenAiProvider::invalidChunksAreSkipped()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .content(u"A"_s)
                                .data("{not json")
                                .data(R"({"choices":[{"index":0,"delta":{"content":"truncated)")
                                .data("42")
                                .data(R"("a string")")
                                .data("")
                                .content(u"B"_s)
                                .finish()
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"AB"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::usageChunkWithoutChoices_data()
{
    QTest::addColumn<OpenAiJson::EmptyChoices>("choices");
    QTest::newRow("choices: []") << OpenAiJson::EmptyChoices::Array;
    QTest::newRow("choices: null") << OpenAiJson::EmptyChoices::Null;
    QTest::newRow("no choices") << OpenAiJson::EmptyChoices::Absent;
}

void TestOpenAiProvider::usageChunkWithoutChoices()
{
    QFETCH(OpenAiJson::EmptyChoices, choices);
    scriptChat(chatResponse(
        SseBodyBuilder().role().content(u"Hi"_s).finish().usage(120, 30, 16, choices).done().bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->usages.size(), 1);
    const TokenUsage expected{120, 30, 150, 16};
    QCOMPARE(m_recorder->usages.at(0), expected);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), expected);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

void TestOpenAiProvider::unknownFieldsAreIgnored()
{
    // Fields the client does not know, some named like the ones it looks for, in places a
    // careless reader would take them from.
    const QByteArray chunk1 =
        R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m-1","service_tier":"default",)"
        R"("meta":{"content":"WRONG","choices":[{"index":0,"delta":{"content":"WRONG"}}]},)"
        R"("obfuscation":"x\"y}","choices":[{"index":0,"delta":{"role":"assistant","audio":{"id":"a"},)"
        R"("tool_calls":null,"function_call":null,"extra":[1,{"content":"WRONG"}],"content":"Good"},)"
        R"("logprobs":{"content":[{"token":"Good","logprob":-0.1,"bytes":[71,111],"top_logprobs":[]}]},)"
        R"("finish_reason":null,"future":true}],"usage":null,"x_groq":{"id":"req"}})";
    const QByteArray chunk2 =
        R"({"choices":[{"delta":{"content":" day","reasoning_content":"WRONG"},"index":0,"finish_reason":null}]})";
    scriptChat(chatResponse(SseBodyBuilder().data(chunk1).data(chunk2).finish().done().bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"Good day"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::onlyTheFirstChoiceCounts()
{
    using Json = OpenAiJson;
    const auto delta = [](const QString &text) {
        return QJsonObject{{u"content"_s, text}};
    };
    SseBodyBuilder body;
    body.data(Json::chunkWithChoices({Json::choice(delta(u"B1"_s), QJsonValue::Null, 1),
                                      Json::choice(delta(u"A1"_s), QJsonValue::Null, 0)}));
    body.data(Json::chunkWithChoices({Json::choice(delta(u"A2"_s), QJsonValue::Null, 0)}));
    body.data(Json::chunkWithChoices({Json::choice(delta(u"B2"_s), QJsonValue::Null, 1)}));
    body.data(Json::chunkWithChoices({Json::choice(QJsonObject{}, u"length"_s, 1)}));
    body.data(Json::chunkWithChoices({Json::choice(QJsonObject{}, u"stop"_s, 0)}));
    body.done();
    scriptChat(chatResponse(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"A1A2"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A1"_s, u"A2"_s}));
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<bool>("keepAlives");
    QTest::addColumn<bool>("spaceAfterColon");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<ScriptedResponse::Chunking>("chunking");

    using F = ScriptedResponse::Framing;
    const auto perWrite = ScriptedResponse::Chunking::PerWrite;
    const auto whole = ScriptedResponse::Chunking::Whole;
    QTest::newRow("lf") << LineEnding::Lf << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("crlf") << LineEnding::CrLf << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("cr") << LineEnding::Cr << false << true << F::Chunked << 0 << perWrite;
    QTest::newRow("lf, 1-byte chunks") << LineEnding::Lf << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, 1-byte chunks") << LineEnding::CrLf << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("cr, 1-byte chunks") << LineEnding::Cr << false << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, one chunk in 1-byte writes")
        << LineEnding::CrLf << false << true << F::Chunked << 1 << whole;
    QTest::newRow("lf, 3-byte chunks") << LineEnding::Lf << false << true << F::Chunked << 3 << perWrite;
    QTest::newRow("keep-alives, lf") << LineEnding::Lf << true << true << F::Chunked << 0 << perWrite;
    QTest::newRow("keep-alives, crlf, 1-byte")
        << LineEnding::CrLf << true << true << F::Chunked << 1 << perWrite;
    QTest::newRow("keep-alives, cr, 1-byte") << LineEnding::Cr << true << true << F::Chunked << 1 << perWrite;
    QTest::newRow("no space after colon") << LineEnding::Lf << false << false << F::Chunked << 0 << perWrite;
    QTest::newRow("content-length, 1-byte")
        << LineEnding::Lf << true << true << F::ContentLength << 1 << perWrite;
    QTest::newRow("until close, 5-byte")
        << LineEnding::CrLf << true << true << F::UntilClose << 5 << perWrite;
}

void TestOpenAiProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(bool, keepAlives);
    QFETCH(bool, spaceAfterColon);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    QFETCH(ScriptedResponse::Chunking, chunking);

    SseBodyBuilder body(lineEnding);
    body.setSpaceAfterColon(spaceAfterColon);
    if (keepAlives)
        body.keepAlive().comment("OPENROUTER PROCESSING").blankLine();
    body.role();
    if (keepAlives)
        body.comment("a comment inside an event");
    body.content(u"Grü"_s);
    if (keepAlives)
        body.keepAlive().keepAlive();
    body.content(u"ße, 世界"_s).content(u"! 👋🏽"_s).finish().usage(5, 3);
    if (keepAlives)
        body.keepAlive();
    body.done();

    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                   .setFraming(framing)
                   .write(body.bytes(), writeSize, chunking));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s}));
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_recorder->usages.size(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::recordedStreams_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("writeSize");
    const QDir dir(QStringLiteral(CONFAB_TEST_DATA_DIR "/openai-recorded"));
    const QStringList files = dir.entryList({u"*.bin"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files) {
        const QString name = file.left(12);
        QTest::addRow("%s, whole", qPrintable(name)) << dir.filePath(file) << 0;
        QTest::addRow("%s, 1-byte", qPrintable(name)) << dir.filePath(file) << 1;
    }
}

void TestOpenAiProvider::recordedStreams()
{
    QFETCH(QString, path);
    QFETCH(int, writeSize);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    const Expected expected = readRecorded(body);

    scriptChat(chatResponse(body, writeSize));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), expected.text);
    QCOMPARE(m_recorder->contentDeltas.join(QString()), expected.text);
    QCOMPARE(m_stream->refusal(), expected.refusal);
    QCOMPARE(m_stream->finishReason(), expected.finishReason);
    QCOMPARE(m_stream->model(), expected.model);
    QCOMPARE(m_stream->usage().has_value(), expected.usage.has_value());
    if (expected.usage)
        QCOMPARE(*m_stream->usage(), *expected.usage);
}

void TestOpenAiProvider::twoStreamsAtOnce()
{
    // Each request is answered with what it asked, so the two replies cannot be mixed up.
    connect(m_server.get(), &ScriptedServer::requestReceived, this, [this](const RecordedRequest &sent) {
        const QString asked =
            sent.json().value(u"messages"_s).toArray().at(0).toObject().value(u"content"_s).toString();
        m_server->enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({asked, u" (answer)"_s}).bytes(), 2));
    });
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), config());
    ChatRequest first = request();
    first.messages = {{ChatMessage::Role::User, u"first"_s}};
    ChatRequest second = request();
    second.messages = {{ChatMessage::Role::User, u"second"_s}};
    std::unique_ptr<ChatStream> a(m_provider->streamChat(first));
    std::unique_ptr<ChatStream> b(m_provider->streamChat(second));
    StreamRecorder ra(a.get());
    StreamRecorder rb(b.get());
    QTRY_VERIFY_WITH_TIMEOUT(ra.isDone() && rb.isDone(), doneTimeout);
    QCOMPARE(a->text(), u"first (answer)"_s);
    QCOMPARE(b->text(), u"second (answer)"_s);
    QCOMPARE(a->state(), ChatStream::State::Completed);
    QCOMPARE(b->state(), ChatStream::State::Completed);
    QVERIFY(ra.violations().isEmpty());
    QVERIFY(rb.violations().isEmpty());
}

// --- HTTP errors -------------------------------------------------------------------------

void TestOpenAiProvider::httpErrorsAreTyped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("providerMessage");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<QString>("providerCode");
    QTest::addColumn<int>("attempts"); // with maxRetries 2

    const QString badKey = u"Incorrect API key provided: sk-test-***6789. You can find your API key at "
                           "https://platform.openai.com/account/api-keys."_s;
    QTest::newRow("401 invalid_api_key")
        << 401 << OpenAiJson::error(badKey, u"invalid_request_error"_s, u"invalid_api_key"_s)
        << Kind::Authentication << badKey << u"invalid_request_error"_s << u"invalid_api_key"_s << 1;
    const QString region = u"Country, region, or territory not supported"_s;
    QTest::newRow("403 unsupported region")
        << 403 << OpenAiJson::error(region, u"request_forbidden"_s, u"unsupported_country_region_territory"_s)
        << Kind::Authentication << region << u"request_forbidden"_s
        << u"unsupported_country_region_territory"_s << 1;
    const QString noModel = u"The model `gpt-9` does not exist or you do not have access to it."_s;
    QTest::newRow("404 model_not_found")
        << 404 << OpenAiJson::error(noModel, u"invalid_request_error"_s, u"model_not_found"_s)
        << Kind::NotFound << noModel << u"invalid_request_error"_s << u"model_not_found"_s << 1;
    const QString tooLong = u"This model's maximum context length is 128000 tokens. However, your messages "
                            "resulted in 130000 tokens. Please reduce the length of the messages."_s;
    QTest::newRow("400 context_length_exceeded")
        << 400
        << OpenAiJson::error(tooLong, u"invalid_request_error"_s, u"context_length_exceeded"_s, u"messages"_s)
        << Kind::BadRequest << tooLong << u"invalid_request_error"_s << u"context_length_exceeded"_s << 1;
    QTest::newRow("422 plain string error")
        << 422 << OpenAiJson::errorString(u"messages must not be empty"_s) << Kind::BadRequest
        << u"messages must not be empty"_s << QString() << QString() << 1;
    const QString quota = u"You exceeded your current quota, please check your plan and billing details."_s;
    QTest::newRow("429 insufficient_quota")
        << 429 << OpenAiJson::error(quota, u"insufficient_quota"_s, u"insufficient_quota"_s)
        << Kind::QuotaExceeded << quota << u"insufficient_quota"_s << u"insufficient_quota"_s << 1;
    const QString rate = u"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3."_s;
    QTest::newRow("429 rate_limit_exceeded")
        << 429 << OpenAiJson::error(rate, u"requests"_s, u"rate_limit_exceeded"_s) << Kind::RateLimited
        << rate << u"requests"_s << u"rate_limit_exceeded"_s << 3;
    const QString server = u"The server had an error while processing your request. Sorry about that!"_s;
    QTest::newRow("500 server_error") << 500 << OpenAiJson::error(server, u"server_error"_s) << Kind::Server
                                      << server << u"server_error"_s << QString() << 3;
    QTest::newRow("502 html") << 502 << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>")
                              << Kind::Server << QString() << QString() << QString() << 3;
    QTest::newRow("503 empty") << 503 << QByteArray() << Kind::Server << QString() << QString() << QString()
                               << 3;
}

void TestOpenAiProvider::httpErrorsAreTyped()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);
    QFETCH(QString, providerMessage);
    QFETCH(QString, providerType);
    QFETCH(QString, providerCode);
    QFETCH(int, attempts);

    m_server->setFallback(ScriptedResponse::json(status, body).setHeader("x-request-id", "req_0123abcd"));
    start(config(2));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), attempts);
    QCOMPARE(m_recorder->retries.size(), attempts - 1);
    QCOMPARE(m_recorder->failures.size(), 1);
    QCOMPARE(m_recorder->startedCount, 0);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.providerMessage, providerMessage);
    QCOMPARE(error.providerType, providerType);
    QCOMPARE(error.providerCode, providerCode);
    QCOMPARE(error.requestId, u"req_0123abcd"_s);
    QCOMPARE(error.receivedCharacters, 0);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(!error.hint().isEmpty());
    if (!providerMessage.isEmpty())
        QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_stream->text(), QString());
    for (const StreamRecorder::Retry &retry : std::as_const(m_recorder->retries)) {
        QCOMPARE(retry.cause.kind, kind);
        QCOMPARE(retry.cause.httpStatus, status);
    }
}

void TestOpenAiProvider::httpErrorBodyArrivingInPieces()
{
    const QString message = u"Incorrect API key provided: sk-test-***6789."_s;
    scriptChat(ScriptedResponse(401)
                   .setHeader("Content-Type", "application/json; charset=utf-8")
                   .setFraming(ScriptedResponse::Framing::Chunked)
                   .write(OpenAiJson::error(message, u"invalid_request_error"_s, u"invalid_api_key"_s), 1));
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failure().kind, Kind::Authentication);
    QCOMPARE(m_recorder->failure().providerMessage, message);
    QCOMPARE(m_recorder->failure().providerCode, u"invalid_api_key"_s);
}

void TestOpenAiProvider::responseThatIsNotAnEventStream_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("html") << QByteArray("text/html")
                          << QByteArray("<html><body>Captive portal</body></html>");
    QTest::newRow("a whole completion")
        << QByteArray("application/json")
        << QByteArray(R"({"id":"c","object":"chat.completion","choices":[{"index":0,)"
                      R"("message":{"role":"assistant","content":"Hi"}}]})");
}

void TestOpenAiProvider::responseThatIsNotAnEventStream()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    m_server->setFallback(ScriptedResponse(200).setHeader("Content-Type", contentType).write(body));
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    QCOMPARE(m_recorder->failure().kind, Kind::InvalidResponse);
    QVERIFY2(m_recorder->failure().hint().contains(u"an OpenAI-compatible API"_s),
             qPrintable(m_recorder->failure().hint()));
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
}

// --- Network faults ----------------------------------------------------------------------

void TestOpenAiProvider::connectionRefused()
{
    ProviderConfig settings = config(0);
    settings.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(ScriptedServer::unusedPort()));
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Network);
    QCOMPARE(error.httpStatus, 0);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(!error.hint().isEmpty());
    QCOMPARE(m_recorder->startedCount, 0);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
}

void TestOpenAiProvider::droppedMidStreamIsInterrupted_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked << 0;
    QTest::newRow("chunked, 1-byte") << ScriptedResponse::Framing::Chunked << 1;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength << 0;
}

void TestOpenAiProvider::droppedMidStreamIsInterrupted()
{
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    m_server->setFallback(chatResponse(simpleReply(u"A retry"_s)));
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(framing)
                   .write(SseBodyBuilder().role().content(u"Hello "_s).content(u"wor"_s).bytes(), writeSize)
                   .write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ld", writeSize)
                   .drop()
                   .write(SseBodyBuilder().finish().done().bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 9);
    QCOMPARE(m_stream->text(), u"Hello wor"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(m_recorder->retries.isEmpty());
}

void TestOpenAiProvider::idleTimeout_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    QTest::addColumn<QString>("text");
    const auto streamHeaders = [] {
        return ScriptedResponse(200)
            .setHeader("Content-Type", "text/event-stream")
            .setFraming(ScriptedResponse::Framing::Chunked);
    };
    QTest::newRow("mid-stream")
        << streamHeaders().write(SseBodyBuilder().role().content(u"Hi"_s).bytes()).stall() << u"Hi"_s;
    QTest::newRow("after the headers") << streamHeaders().stall() << QString();
    QTest::newRow("before the headers") << ScriptedResponse::silence() << QString();
}

void TestOpenAiProvider::idleTimeout()
{
    QFETCH(ScriptedResponse, response);
    QFETCH(QString, text);
    std::chrono::steady_clock::time_point lastByteAt;
    QObject context; // ends the connection with this function
    connect(m_server.get(), &ScriptedServer::wrote, &context,
            [&lastByteAt] { lastByteAt = std::chrono::steady_clock::now(); });
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    scriptChat(response);
    ProviderConfig settings = config(0);
    settings.idleTimeout = 300ms;
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.idleTimeout, 300ms);
    QCOMPARE(error.receivedCharacters, text.size());
    QCOMPARE(m_stream->text(), text);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QVERIFY(!error.message().isEmpty());

    const auto silentSince = lastByteAt == std::chrono::steady_clock::time_point()
                                 ? m_server->lastRequest().receivedAt
                                 : lastByteAt;
    const qint64 silence = msBetween(silentSince, m_recorder->failedAt);
    QVERIFY2(silence >= earliest(300ms), qPrintable(u"failed after %1 ms of silence"_s.arg(silence)));
    QVERIFY2(silence < 300 + 5000, qPrintable(u"failed after %1 ms of silence"_s.arg(silence)));
    // The client hung up rather than leaving the connection open.
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, doneTimeout);
}

void TestOpenAiProvider::keepAlivesHoldOffTheIdleTimeout()
{
    // Keep-alive comments every 200 ms for 1.4 s: the stream is never silent for the 1 s
    // idle period, although no token comes for longer than that.
    ScriptedResponse response(200);
    response.setHeader("Content-Type", "text/event-stream")
        .setFraming(ScriptedResponse::Framing::Chunked)
        .write(SseBodyBuilder().role().content(u"Thinking"_s).bytes());
    for (int i = 0; i < 7; ++i)
        response.delay(200ms).write(SseBodyBuilder().keepAlive().bytes());
    response.write(SseBodyBuilder().content(u" done"_s).finish().done().bytes());
    scriptChat(response);
    ProviderConfig settings = config(0);
    settings.idleTimeout = 1000ms;
    start(settings);
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Thinking done"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

// --- Retries -----------------------------------------------------------------------------

void TestOpenAiProvider::transientStatusRetriedBeforeFirstToken_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Kind>("kind");
    QTest::newRow("429") << 429 << Kind::RateLimited;
    QTest::newRow("500") << 500 << Kind::Server;
    QTest::newRow("502") << 502 << Kind::Server;
    QTest::newRow("503") << 503 << Kind::Server;
    QTest::newRow("504") << 504 << Kind::Server;
}

void TestOpenAiProvider::transientStatusRetriedBeforeFirstToken()
{
    QFETCH(int, status);
    QFETCH(Kind, kind);
    scriptChat(ScriptedResponse::openAiError(status, u"Try again"_s, u"server_error"_s));
    scriptChat(ScriptedResponse::openAiError(status, u"Try again"_s, u"server_error"_s));
    scriptChat(chatResponse(simpleReply(u"Finally"_s)));
    ProviderConfig settings = config(2);
    settings.retry.baseDelay = 100ms;
    const auto startedAt = std::chrono::steady_clock::now();
    start(settings);
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Finally"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->startedCount, 1);

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(m_recorder->retries.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const StreamRecorder::Retry &retry = m_recorder->retries.at(i);
        QCOMPARE(retry.attempt, i + 1);
        QCOMPARE(retry.cause.kind, kind);
        QCOMPARE(retry.cause.httpStatus, status);
        // Exponential backoff with some jitter around it.
        const milliseconds backoff = settings.retry.backoff(retry.attempt);
        QVERIFY2(retry.delay >= backoff / 2 && retry.delay <= backoff * 3 / 2,
                 qPrintable(u"attempt %1: delay %2 ms"_s.arg(retry.attempt).arg(retry.delay.count())));
        // The client waited at least as long as it said before sending again.
        const qint64 gap = msBetween(requests.at(i).receivedAt, requests.at(i + 1).receivedAt);
        QVERIFY2(gap >= earliest(retry.delay),
                 qPrintable(u"gap %1 ms, delay %2 ms"_s.arg(gap).arg(retry.delay.count())));
        // Every attempt has the same body.
        QCOMPARE(requests.at(i + 1).body, requests.at(0).body);
    }
    const qint64 total = msBetween(startedAt, m_recorder->doneAt);
    QVERIFY2(total < (100 + 200) * 3 / 2 + 5000, qPrintable(u"took %1 ms"_s.arg(total)));
}

void TestOpenAiProvider::retriesAreBounded()
{
    m_server->setFallback(ScriptedResponse::openAiError(503, u"Overloaded"_s, u"server_error"_s));
    ProviderConfig settings = config(3);
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 4);
    QCOMPARE(m_recorder->retries.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_recorder->retries.at(i).attempt, i + 1);
    QCOMPARE(m_recorder->failures.size(), 1);
    QCOMPARE(m_recorder->failure().kind, Kind::Server);
    QCOMPARE(m_recorder->failure().providerMessage, u"Overloaded"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_server->requestCount(), 4); // nothing more went out with done()
}

void TestOpenAiProvider::connectErrorsAreRetried()
{
    ProviderConfig settings = config(2);
    settings.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(ScriptedServer::unusedPort()));
    const auto startedAt = std::chrono::steady_clock::now();
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->retries.size(), 2);
    milliseconds waited{0};
    for (const StreamRecorder::Retry &retry : std::as_const(m_recorder->retries)) {
        QCOMPARE(retry.cause.kind, Kind::Network);
        waited += retry.delay;
    }
    QCOMPARE(m_recorder->failures.size(), 1);
    QCOMPARE(m_recorder->failure().kind, Kind::Network);
    const qint64 total = msBetween(startedAt, m_recorder->doneAt);
    QVERIFY2(total >= earliest(waited) && total < waited.count() + 5000,
             qPrintable(u"took %1 ms, waited %2 ms"_s.arg(total).arg(waited.count())));
}

void TestOpenAiProvider::retryAfterIsHonoured_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<milliseconds>("expected");
    QTest::newRow("Retry-After: 1") << QByteArray("Retry-After") << QByteArray("1") << milliseconds(1000);
    QTest::newRow("retry-after-ms: 400")
        << QByteArray("retry-after-ms") << QByteArray("400") << milliseconds(400);
}

void TestOpenAiProvider::retryAfterIsHonoured()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(milliseconds, expected);
    scriptChat(
        ScriptedResponse::openAiError(429, u"Rate limit reached"_s, u"requests"_s, u"rate_limit_exceeded"_s)
            .setHeader(header, value));
    scriptChat(chatResponse(simpleReply()));
    start(config(2)); // its own backoff (50 ms) is far shorter than what the server asks for
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(m_recorder->retries.size(), 1);
    const StreamRecorder::Retry retry = m_recorder->retries.at(0);
    QCOMPARE(retry.cause.kind, Kind::RateLimited);
    QVERIFY2(retry.delay >= expected && retry.delay <= expected * 2,
             qPrintable(u"delay %1 ms"_s.arg(retry.delay.count())));
    // The server asked for this wait: not a millisecond less (a coarse timer, which Qt may fire
    // up to 5 % early, does not do).
    const qint64 gap = msBetween(requests.at(0).receivedAt, requests.at(1).receivedAt);
    QVERIFY2(gap >= expected.count(), qPrintable(u"requests %1 ms apart"_s.arg(gap)));
    QVERIFY2(gap < expected.count() * 2 + 5000, qPrintable(u"requests %1 ms apart"_s.arg(gap)));
}

void TestOpenAiProvider::retryAfterBeyondLimitIsNotRetried()
{
    m_server->setFallback(
        ScriptedResponse::openAiError(429, u"Rate limit reached"_s, u"tokens"_s, u"rate_limit_exceeded"_s)
            .setHeader("Retry-After", "30"));
    ProviderConfig settings = config(2);
    settings.retry.maxServerDelay = 2s;
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(m_recorder->retries.isEmpty());
    QCOMPARE(m_recorder->failure().kind, Kind::RateLimited);
    QCOMPARE(m_recorder->failure().retryAfter, std::optional<milliseconds>(30s));
}

void TestOpenAiProvider::retryAfterReportedWhenNotRetried()
{
    m_server->setFallback(
        ScriptedResponse::openAiError(429, u"Rate limit reached"_s, u"requests"_s, u"rate_limit_exceeded"_s)
            .setHeader("Retry-After", "7"));
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_recorder->failure().kind, Kind::RateLimited);
    QCOMPARE(m_recorder->failure().retryAfter, std::optional<milliseconds>(7s));
}

void TestOpenAiProvider::shouldRetryFalsePreventsRetry()
{
    m_server->setFallback(ScriptedResponse::openAiError(503, u"Unavailable"_s, u"server_error"_s)
                              .setHeader("x-should-retry", "false"));
    start(config(2));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(m_recorder->retries.isEmpty());
    QCOMPARE(m_recorder->failure().kind, Kind::Server);
    QCOMPARE(m_recorder->failure().shouldRetry, std::optional<bool>(false));
}

void TestOpenAiProvider::nothingRetriedAfterFirstToken_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    QTest::addColumn<Kind>("kind");
    const auto streamHeaders = [] {
        return ScriptedResponse(200)
            .setHeader("Content-Type", "text/event-stream")
            .setFraming(ScriptedResponse::Framing::Chunked)
            .write(SseBodyBuilder().role().content(u"Hel"_s).bytes());
    };
    QTest::newRow("drop") << streamHeaders().drop() << Kind::Interrupted;
    QTest::newRow("clean end") << streamHeaders() << Kind::Interrupted;
    QTest::newRow("stream error") << streamHeaders().write(SseBodyBuilder().error(u"overloaded"_s).bytes())
                                  << Kind::StreamError;
}

void TestOpenAiProvider::nothingRetriedAfterFirstToken()
{
    QFETCH(ScriptedResponse, response);
    QFETCH(Kind, kind);
    scriptChat(response);
    m_server->setFallback(chatResponse(simpleReply(u"A retry"_s)));
    start(config(3));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(m_recorder->retries.isEmpty());
    QCOMPARE(m_recorder->failure().kind, kind);
    QCOMPARE(m_stream->text(), u"Hel"_s);
}

// --- Cancel ------------------------------------------------------------------------------

void TestOpenAiProvider::cancelWhileStreaming()
{
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(ScriptedResponse::Framing::Chunked)
                   .write(SseBodyBuilder().role().content(u"Hel"_s).bytes())
                   .hold()
                   .write(SseBodyBuilder().content(u"lo"_s).finish().done().bytes()));
    start(config());
    QTRY_COMPARE_WITH_TIMEOUT(m_recorder->contentDeltas.size(), 1, doneTimeout);
    m_stream->cancel();
    WAIT_FOR_DONE();
    QVERIFY(m_recorder->failures.isEmpty());
    QCOMPARE(m_stream->state(), ChatStream::State::Cancelled);
    QCOMPARE(m_recorder->stateAtDone, ChatStream::State::Cancelled);
    QCOMPARE(m_stream->text(), u"Hel"_s);
    // The request was aborted, not left to run: the server sees the client go.
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, doneTimeout);
    m_server->release();
    QCOMPARE(m_recorder->events.constLast(), u"done"_s);
}

void TestOpenAiProvider::cancelBeforeResponse()
{
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
    scriptChat(ScriptedResponse::silence());
    start(config());
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, doneTimeout);
    m_stream->cancel();
    WAIT_FOR_DONE();
    QVERIFY(m_recorder->failures.isEmpty());
    QCOMPARE(m_recorder->startedCount, 0);
    QCOMPARE(m_stream->state(), ChatStream::State::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, doneTimeout);
}

void TestOpenAiProvider::cancelWhileWaitingToRetry()
{
    m_server->setFallback(
        ScriptedResponse::openAiError(429, u"Slow down"_s, u"requests"_s, u"rate_limit_exceeded"_s)
            .setHeader("Retry-After", "30"));
    start(config(2));
    QTRY_COMPARE_WITH_TIMEOUT(m_recorder->retries.size(), 1, doneTimeout);
    const auto cancelledAt = std::chrono::steady_clock::now();
    m_stream->cancel();
    WAIT_FOR_DONE();
    QVERIFY2(msBetween(cancelledAt, m_recorder->doneAt) < 5000, "cancel waited for the retry");
    QVERIFY(m_recorder->failures.isEmpty());
    QCOMPARE(m_stream->state(), ChatStream::State::Cancelled);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestOpenAiProvider::cancelAfterDoneChangesNothing()
{
    scriptChat(chatResponse(simpleReply()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    m_stream->cancel();
    m_stream->cancel();
    QTest::qWait(0);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hello"_s);
    QCOMPARE(m_recorder->doneCount, 1); // the recorder also catches a late second done in cleanup()
}

void TestOpenAiProvider::cancelFromASignalHandler_data()
{
    QTest::addColumn<QString>("signal");
    QTest::addColumn<QStringList>("deltas");
    QTest::newRow("started") << u"started"_s << QStringList();
    QTest::newRow("contentDelta") << u"contentDelta"_s << QStringList{u"one"_s};
}

void TestOpenAiProvider::cancelFromASignalHandler()
{
    QFETCH(QString, signal);
    QFETCH(QStringList, deltas);
    // Every event arrives in one read: cancelling from a handler must stop the rest of them.
    scriptChat(chatResponse(SseBodyBuilder().reply({u"one"_s, u"two"_s, u"three"_s}).bytes()));
    start(config());
    QObject context;
    if (signal == u"started"_s)
        connect(m_stream.get(), &ChatStream::started, &context, [this] { m_stream->cancel(); });
    else
        connect(m_stream.get(), &ChatStream::contentDelta, &context, [this] { m_stream->cancel(); });
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->contentDeltas, deltas);
    QCOMPARE(m_stream->text(), deltas.join(QString()));
    QCOMPARE(m_stream->state(), ChatStream::State::Cancelled);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::destroyingTheStreamAbortsTheRequest()
{
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(ScriptedResponse::Framing::Chunked)
                   .write(SseBodyBuilder().role().content(u"Hel"_s).bytes())
                   .hold()
                   .write(SseBodyBuilder().content(u"lo"_s).finish().done().bytes()));
    start(config());
    QTRY_COMPARE_WITH_TIMEOUT(m_recorder->contentDeltas.size(), 1, doneTimeout);
    m_recorder.reset();
    m_stream.reset();
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, doneTimeout);
    m_server->release();
}

// --- Models ------------------------------------------------------------------------------

void TestOpenAiProvider::listModelsSorted()
{
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(200, OpenAiJson::modelList({u"gpt-4o"_s, u"babbage-002"_s,
                                                                         u"o1-mini"_s, u"gpt-3.5-turbo"_s})));
    ProviderConfig settings = config();
    settings.organization = u"org-confab"_s;
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), settings);
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.at(0).at(0).toStringList(),
             (QStringList{u"babbage-002"_s, u"gpt-3.5-turbo"_s, u"gpt-4o"_s, u"o1-mini"_s}));
    const RecordedRequest sent = m_server->lastRequest();
    QCOMPARE(sent.method, "GET");
    QCOMPARE(sent.path(), "/v1/models");
    QCOMPARE(sent.header("Authorization"), "Bearer sk-test-0123456789");
    QCOMPARE(sent.header("OpenAI-Organization"), "org-confab");
}

void TestOpenAiProvider::listModelsErrors_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    QTest::addColumn<bool>("refused");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("providerMessage");
    QTest::newRow("401") << ScriptedResponse::openAiError(401, u"Incorrect API key provided"_s,
                                                          u"invalid_request_error"_s, u"invalid_api_key"_s)
                         << false << Kind::Authentication << u"Incorrect API key provided"_s;
    QTest::newRow("404") << ScriptedResponse::json(404, R"({"error":"404 page not found"})") << false
                         << Kind::NotFound << u"404 page not found"_s;
    QTest::newRow("500") << ScriptedResponse::openAiError(500, u"Boom"_s, u"server_error"_s) << false
                         << Kind::Server << u"Boom"_s;
    QTest::newRow("not json")
        << ScriptedResponse(200).setHeader("Content-Type", "text/html").write("<html></html>") << false
        << Kind::InvalidResponse << QString();
    QTest::newRow("refused") << ScriptedResponse() << true << Kind::Network << QString();
}

void TestOpenAiProvider::listModelsErrors()
{
    QFETCH(ScriptedResponse, response);
    QFETCH(bool, refused);
    QFETCH(Kind, kind);
    QFETCH(QString, providerMessage);
    m_server->setFallback(response);
    ProviderConfig settings = config(0);
    if (refused)
        settings.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(ScriptedServer::unusedPort()));
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), settings);
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(finished.size(), 0);
    const ProviderError error = failed.at(0).at(0).value<ProviderError>();
    QCOMPARE(error.kind, kind);
    if (!providerMessage.isEmpty()) {
        QCOMPARE(error.providerMessage, providerMessage);
        QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    }
    QVERIFY(!error.message().isEmpty());
}

QTEST_GUILESS_MAIN(TestOpenAiProvider)
#include "tst_openaiprovider.moc"
