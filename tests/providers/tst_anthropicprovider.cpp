// SPDX-License-Identifier: GPL-3.0-or-later
// The Anthropic client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with the Messages API's wire format and its faults.
#include "anthropicjson.h"
#include "anthropicprovider.h"
#include "chatstream.h"
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

ScriptedResponse streamHeaders(ScriptedResponse::Framing framing = ScriptedResponse::Framing::Chunked)
{
    return ScriptedResponse(200)
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .setFraming(framing);
}

// The beginning of a reply, up to and including its first text delta.
SseBodyBuilder &begin(SseBodyBuilder &body, const QString &firstText)
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
    std::unique_ptr<AnthropicProvider> m_provider;
    std::unique_ptr<ChatStream> m_stream;
    std::unique_ptr<StreamRecorder> m_recorder;
};

ProviderConfig TestAnthropicProvider::config(int maxRetries) const
{
    ProviderConfig config;
    config.baseUrl = m_server->baseUrl();
    config.apiKey = apiKey;
    config.idleTimeout = 15s; // bounds a broken test; the timeout test sets its own
    config.retry.maxRetries = maxRetries;
    config.retry.baseDelay = 50ms;
    config.retry.maxDelay = 1000ms;
    return config;
}

ChatRequest TestAnthropicProvider::request()
{
    ChatRequest chatRequest;
    chatRequest.model = u"claude-sonnet-4-20250514"_s;
    chatRequest.messages = {{ChatMessage::Role::User, u"Say hello"_s}};
    return chatRequest;
}

ChatStream *TestAnthropicProvider::start(const ProviderConfig &config, const ChatRequest &chatRequest)
{
    m_provider = std::make_unique<AnthropicProvider>(m_network.get(), config);
    m_stream.reset(m_provider->streamChat(chatRequest));
    m_recorder = std::make_unique<StreamRecorder>(m_stream.get());
    return m_stream.get();
}

void TestAnthropicProvider::scriptChat(const ScriptedResponse &response)
{
    m_server->enqueue("POST", messagesPath.toByteArray(), response);
}

void TestAnthropicProvider::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestAnthropicProvider::cleanup()
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

void TestAnthropicProvider::requestCarriesModelSystemMessagesAndHeaders()
{
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Hello"_s})));
    ProviderConfig settings = config();
    settings.apiKey = u"  "_s + apiKey + u"\n"_s; // pasted with a line break
    settings.extraHeaders = {{"anthropic-beta", "output-128k-2025-02-19"}};
    ChatRequest chatRequest;
    chatRequest.model = u"claude-3-5-haiku-latest"_s;
    chatRequest.messages = {
        {ChatMessage::Role::System, u"Be brief."_s},
        {ChatMessage::Role::Assistant, u"Bonjour ! I am your tutor."_s}, // a preset's greeting: left out
        {ChatMessage::Role::User, u"Héllo \"quoted\"\nnew line"_s},
        {ChatMessage::Role::User, u"Are you there?"_s},
        {ChatMessage::Role::System, u"Answer in English."_s},
        {ChatMessage::Role::Assistant, u"Hi!"_s},
        {ChatMessage::Role::Assistant, u""_s}, // a reply that never came
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
    QCOMPARE(sent.target, messagesPath);
    QCOMPARE(sent.header("x-api-key"), apiKey.toUtf8());
    QCOMPARE(sent.header("anthropic-version"), "2023-06-01");
    QCOMPARE(sent.header("anthropic-beta"), "output-128k-2025-02-19");
    QVERIFY2(sent.header("Content-Type").startsWith("application/json"),
             sent.header("Content-Type").constData());
    QCOMPARE(sent.header("Accept"), "text/event-stream");
    QVERIFY(!sent.hasHeader("Authorization"));
    QVERIFY(!sent.target.contains(apiKey.toUtf8()));

    const QJsonObject body = sent.json();
    QVERIFY2(!body.isEmpty(), sent.body.constData());
    QCOMPARE(body.value(u"model"_s).toString(), u"claude-3-5-haiku-latest"_s);
    QCOMPARE(body.value(u"stream"_s), QJsonValue(true));
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), 100);
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.25);
    QCOMPARE(body.value(u"top_p"_s).toDouble(), 0.5);
    QCOMPARE(body.value(u"system"_s).toString(), u"Be brief.\n\nAnswer in English."_s);
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    const QStringList roles{u"user"_s, u"assistant"_s, u"user"_s};
    const QStringList contents{u"Héllo \"quoted\"\nnew line\n\nAre you there?"_s, u"Hi!"_s,
                               u"How are you?"_s};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(messages.at(i).toObject().value(u"role"_s).toString(), roles.at(i));
        QCOMPARE(messages.at(i).toObject().value(u"content"_s).toString(), contents.at(i));
    }
}

void TestAnthropicProvider::defaultsWhenNothingIsSet()
{
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Hello"_s})));
    ProviderConfig settings = config();
    settings.apiKey.clear(); // e.g. a gateway that adds its own
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);

    const RecordedRequest sent = m_server->lastRequest();
    QVERIFY(!sent.hasHeader("x-api-key"));
    QCOMPARE(sent.header("anthropic-version"), "2023-06-01");
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), AnthropicProvider::DefaultMaxTokens);
    QVERIFY(!body.contains(u"system"_s));
    QVERIFY(!body.contains(u"temperature"_s));
    QVERIFY(!body.contains(u"top_p"_s));
    QCOMPARE(body.value(u"messages"_s).toArray().size(), 1);
}

// --- The event stream --------------------------------------------------------------------

void TestAnthropicProvider::typedEventsInOrder()
{
    SseBodyBuilder body;
    Json::messageStart(body, 11, u"claude-3-opus-latest"_s);
    Json::contentBlockStart(body);
    Json::ping(body);
    Json::textDelta(body, u"Hello"_s);
    Json::textDelta(body, u" there"_s);
    Json::textDelta(body, u"!"_s);
    Json::contentBlockStop(body);
    Json::messageDelta(body, u"end_turn"_s, 6);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events, (QStringList{u"started"_s, u"content:Hello"_s, u"content: there"_s,
                                              u"content:!"_s, u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hello there!"_s);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->model(), u"claude-3-opus-latest"_s);
    const TokenUsage expected{11, 6, 17, 0};
    QCOMPARE(m_recorder->usages.size(), 1);
    QCOMPARE(m_recorder->usages.at(0), expected);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), expected);
}

void TestAnthropicProvider::stopReasonsAreMapped_data()
{
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("end_turn") << u"end_turn"_s << u"stop"_s;
    QTest::newRow("stop_sequence") << u"stop_sequence"_s << u"stop"_s;
    QTest::newRow("max_tokens") << u"max_tokens"_s << u"length"_s;
    QTest::newRow("tool_use") << u"tool_use"_s << u"tool_calls"_s;
    QTest::newRow("pause_turn, kept") << u"pause_turn"_s << u"pause_turn"_s;
}

void TestAnthropicProvider::stopReasonsAreMapped()
{
    QFETCH(QString, stopReason);
    QFETCH(QString, finishReason);
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Some"_s, u" text"_s}, stopReason)));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
}

void TestAnthropicProvider::refusal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("explanation");
    QTest::addColumn<bool>("fails");
    QTest::newRow("explained") << QString() << u"This request was refused due to policy."_s << false;
    QTest::newRow("after some text") << u"Sure, here"_s << QString() << false;
    QTest::newRow("unexplained, nothing said") << QString() << QString() << true;
}

void TestAnthropicProvider::refusal()
{
    QFETCH(QString, text);
    QFETCH(QString, explanation);
    QFETCH(bool, fails);
    SseBodyBuilder body;
    Json::messageStart(body, 20);
    Json::contentBlockStart(body);
    if (!text.isEmpty())
        Json::textDelta(body, text);
    Json::contentBlockStop(body);
    QJsonObject details;
    if (!explanation.isEmpty())
        details = {{u"type"_s, u"refusal"_s}, {u"category"_s, u"cyber"_s}, {u"explanation"_s, explanation}};
    body.event("message_delta", Json::messageDeltaData(u"refusal"_s, 0, details));
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), text);
    QCOMPARE(m_server->requestCount(), 1);
    if (fails) {
        QCOMPARE(m_stream->state(), ChatStream::State::Failed);
        const ProviderError error = m_recorder->failure();
        QCOMPARE(error.kind, Kind::StreamError);
        QCOMPARE(error.providerType, u"refusal"_s);
        QVERIFY2(error.message().contains(u"declined"_s), qPrintable(error.message()));
        return;
    }
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->refusal(), explanation);
    QCOMPARE(m_stream->finishReason(), u"content_filter"_s);
}

void TestAnthropicProvider::nonTextBlocksAreIgnored()
{
    SseBodyBuilder body;
    Json::messageStart(body, 30);
    body.event("content_block_start",
               Json::contentBlockStartData(
                   0, {{u"type"_s, u"thinking"_s}, {u"thinking"_s, QString()}, {u"signature"_s, QString()}}));
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"thinking_delta"_s}, {u"thinking"_s, u"Let me think"_s}}));
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"signature_delta"_s}, {u"signature"_s, u"EqQBCgIYAhIM"_s}}));
    Json::contentBlockStop(body, 0);
    Json::contentBlockStart(body, 1);
    Json::textDelta(body, u"It is sunny."_s, 1);
    Json::contentBlockStop(body, 1);
    body.event("content_block_start", Json::contentBlockStartData(2, {{u"type"_s, u"tool_use"_s},
                                                                      {u"id"_s, u"toolu_01"_s},
                                                                      {u"name"_s, u"get_weather"_s},
                                                                      {u"input"_s, QJsonObject()}}));
    body.event("content_block_delta",
               Json::deltaData(2, {{u"type"_s, u"input_json_delta"_s}, {u"partial_json"_s, u"{\"locati"_s}}));
    body.event("content_block_delta", Json::deltaData(2, {{u"type"_s, u"input_json_delta"_s},
                                                          {u"partial_json"_s, u"on\": \"Paris\"}"_s}}));
    Json::contentBlockStop(body, 2);
    Json::messageDelta(body, u"tool_use"_s, 70);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"It is sunny."_s);
    QCOMPARE(m_recorder->contentDeltas, QStringList{u"It is sunny."_s});
    QCOMPARE(m_stream->finishReason(), u"tool_calls"_s);
}

void TestAnthropicProvider::unknownEventsAndPingsAreIgnored()
{
    SseBodyBuilder body;
    Json::ping(body);
    Json::messageStart(body, 5);
    Json::ping(body);
    body.event("future_event", "{\"type\":\"future_event\",\"text\":\"WRONG\"}");
    body.keepAlive();
    body.event("ping", "not even json");
    Json::contentBlockStart(body);
    Json::textDelta(body, u"Fine"_s);
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"citations_delta"_s},
                                   {u"citation"_s, QJsonObject{{u"cited_text"_s, u"WRONG"_s}}}}));
    Json::contentBlockStop(body);
    Json::messageDelta(body, u"end_turn"_s, 1);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Fine"_s);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestAnthropicProvider::messageStopEndsTheStreamAtOnce()
{
    // The server keeps the body open after message_stop: the client must not wait for its end.
    SseBodyBuilder body;
    begin(body, u"Hi"_s);
    Json::messageStop(body); // no message_delta: message_stop alone says the reply is whole
    scriptChat(streamHeaders().write(body.bytes()).stall());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

void TestAnthropicProvider::stopReasonWithoutMessageStopCompletes_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestAnthropicProvider::stopReasonWithoutMessageStopCompletes()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // As in Anthropic's own fixtures: message_stop has no blank line after it, so it is never
    // dispatched, and the body ends.
    SseBodyBuilder body;
    begin(body, u"Done"_s);
    Json::messageDelta(body, u"end_turn"_s, 3);
    body.raw("event: message_stop\ndata: {\"type\":\"message_stop\"}");
    scriptChat(streamHeaders(framing).write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}).completionTokens, 3);
}

void TestAnthropicProvider::endWithoutStopReasonIsInterrupted()
{
    SseBodyBuilder body;
    begin(body, u"Partial "_s);
    Json::textDelta(body, u"answ"_s);
    scriptChat(streamHeaders().write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_recorder->failure().kind, Kind::Interrupted);
    QCOMPARE(m_recorder->failure().receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestAnthropicProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    using F = ScriptedResponse::Framing;
    QTest::newRow("lf, whole") << LineEnding::Lf << F::Chunked << 0;
    QTest::newRow("lf, 1-byte writes") << LineEnding::Lf << F::Chunked << 1;
    QTest::newRow("lf, 7-byte writes") << LineEnding::Lf << F::Chunked << 7;
    QTest::newRow("crlf, 7-byte writes") << LineEnding::CrLf << F::Chunked << 7;
    QTest::newRow("cr, 3-byte writes") << LineEnding::Cr << F::Chunked << 3;
    QTest::newRow("content-length, 7-byte") << LineEnding::Lf << F::ContentLength << 7;
    QTest::newRow("until close, 5-byte") << LineEnding::CrLf << F::UntilClose << 5;
}

void TestAnthropicProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    const QStringList deltas{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s};
    scriptChat(streamHeaders(framing).write(Json::reply(deltas, u"end_turn"_s, lineEnding), writeSize));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, deltas);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{10, 3, 13, 0}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestAnthropicProvider::malformedEventsAreSkipped()
{
    SseBodyBuilder body;
    begin(body, u"A"_s);
    body.event("content_block_delta",
               "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"trunc");
    body.event("content_block_delta", "[1,2]");
    body.data("");
    Json::textDelta(body, u"B"_s);
    Json::messageDelta(body, u"end_turn"_s, 2);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
}

void TestAnthropicProvider::errorEventAfterTextKeepsTheText()
{
    m_server->setFallback(ScriptedResponse::eventStream(Json::reply({u"A retry"_s})));
    SseBodyBuilder body;
    begin(body, u"Par"_s);
    Json::errorEvent(body, u"overloaded_error"_s, u"Overloaded"_s);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, u"overloaded_error"_s);
    QCOMPARE(error.providerMessage, u"Overloaded"_s);
    QVERIFY2(error.message().contains(u"Overloaded"_s), qPrintable(error.message()));
    QCOMPARE(m_stream->text(), u"Par"_s);
    QCOMPARE(m_server->requestCount(), 1); // after the first token: never again
}

void TestAnthropicProvider::errorEventBeforeTextIsRetriedWhenTransient_data()
{
    QTest::addColumn<QByteArray>("errorData");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<QString>("providerMessage");
    QTest::addColumn<bool>("retried");
    QTest::newRow("overloaded_error") << Json::error(u"overloaded_error"_s, u"Overloaded"_s)
                                      << u"overloaded_error"_s << u"Overloaded"_s << true;
    QTest::newRow("api_error") << Json::error(u"api_error"_s, u"Internal server error"_s) << u"api_error"_s
                               << u"Internal server error"_s << true;
    QTest::newRow("invalid_request_error")
        << Json::error(u"invalid_request_error"_s, u"prompt is too long: 210000 tokens > 200000 maximum"_s)
        << u"invalid_request_error"_s << u"prompt is too long: 210000 tokens > 200000 maximum"_s << false;
    QTest::newRow("not json") << QByteArray("upstream went away") << QString() << u"upstream went away"_s
                              << false;
}

void TestAnthropicProvider::errorEventBeforeTextIsRetriedWhenTransient()
{
    QFETCH(QByteArray, errorData);
    QFETCH(QString, providerType);
    QFETCH(QString, providerMessage);
    QFETCH(bool, retried);
    // As the service sends it: HTTP 200, the stream begun, then an error event.
    SseBodyBuilder body;
    Json::messageStart(body, 12);
    Json::ping(body);
    body.event("error", errorData);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Second"_s, u" try"_s})));
    start(config(2));
    WAIT_FOR_DONE();
    if (retried) {
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(m_recorder->retries.size(), 1);
        QCOMPARE(m_recorder->retries.at(0).cause.kind, Kind::StreamError);
        QCOMPARE(m_recorder->retries.at(0).cause.providerType, providerType);
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->text(), u"Second try"_s);
        return;
    }
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, providerType);
    QCOMPARE(error.providerMessage, providerMessage);
}

// --- HTTP errors and faults --------------------------------------------------------------

void TestAnthropicProvider::httpErrorsAreTyped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("attempts"); // with maxRetries 2

    QTest::newRow("400 invalid_request_error")
        << 400 << u"invalid_request_error"_s << u"max_tokens: 300000 > 64000, which is the maximum"_s
        << Kind::BadRequest << 1;
    QTest::newRow("400 credit balance")
        << 400 << u"invalid_request_error"_s
        << u"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing."_s
        << Kind::QuotaExceeded << 1;
    QTest::newRow("401 authentication_error")
        << 401 << u"authentication_error"_s << u"invalid x-api-key"_s << Kind::Authentication << 1;
    QTest::newRow("403 permission_error")
        << 403 << u"permission_error"_s
        << u"Your API key does not have permission to use the specified resource."_s << Kind::Authentication
        << 1;
    QTest::newRow("404 not_found_error")
        << 404 << u"not_found_error"_s << u"model: claude-9"_s << Kind::NotFound << 1;
    QTest::newRow("413 request_too_large")
        << 413 << u"request_too_large"_s << u"Request exceeds the maximum allowed number of bytes."_s
        << Kind::BadRequest << 1;
    QTest::newRow("429 rate_limit_error")
        << 429 << u"rate_limit_error"_s
        << u"This request would exceed the rate limit for your organization of 50 requests per minute."_s
        << Kind::RateLimited << 3;
    QTest::newRow("500 api_error") << 500 << u"api_error"_s << u"Internal server error"_s << Kind::Server
                                   << 3;
    QTest::newRow("529 overloaded_error")
        << 529 << u"overloaded_error"_s << u"Overloaded"_s << Kind::Server << 3;
}

void TestAnthropicProvider::httpErrorsAreTyped()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(Kind, kind);
    QFETCH(int, attempts);

    m_server->setFallback(
        ScriptedResponse::json(status, Json::error(type, message, u"req_011CSHoEeqs5C35K2UUqR7Fy"_s)));
    start(config(2));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), attempts);
    QCOMPARE(m_recorder->retries.size(), attempts - 1);
    QCOMPARE(m_recorder->startedCount, 0);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.providerType, type);
    QCOMPARE(error.providerMessage, message);
    QCOMPARE(error.requestId, u"req_011CSHoEeqs5C35K2UUqR7Fy"_s);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
    QVERIFY(!error.hint().isEmpty());
}

void TestAnthropicProvider::retryAfterIsReported()
{
    // Too long a wait to retry: the user hears at once, with the wait.
    m_server->setFallback(ScriptedResponse::json(429, Json::error(u"rate_limit_error"_s, u"Rate limited"_s))
                              .setHeader("retry-after", "20"));
    start(config(0));
    WAIT_FOR_DONE();
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::RateLimited);
    QCOMPARE(error.retryAfter.value_or(0ms), 20000ms);
    QVERIFY2(error.message().contains(u"retry after 20 s"_s), qPrintable(error.message()));
}

// Anthropic names the header request-id, without the x-; this error body has no request_id.
void TestAnthropicProvider::requestIdComesFromItsHeader()
{
    m_server->setFallback(ScriptedResponse::json(500, Json::error(u"api_error"_s, u"Internal server error"_s))
                              .setHeader("request-id", "req_011CFromTheHeader"));
    start(config(0));
    WAIT_FOR_DONE();
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Server);
    QCOMPARE(error.requestId, u"req_011CFromTheHeader"_s);
    QVERIFY2(error.hint().contains(u"req_011CFromTheHeader"_s), qPrintable(error.hint()));
}

void TestAnthropicProvider::streamErrorCarriesTheRequestIdHeader()
{
    SseBodyBuilder body;
    begin(body, u"Par"_s);
    Json::errorEvent(body, u"overloaded_error"_s, u"Overloaded"_s);
    scriptChat(ScriptedResponse::eventStream(body.bytes()).setHeader("request-id", "req_011CStream"));
    start(config(0));
    WAIT_FOR_DONE();
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.requestId, u"req_011CStream"_s);
}

void TestAnthropicProvider::notAnEventStreamNamesTheMessagesApi()
{
    m_server->setFallback(ScriptedResponse(200)
                              .setHeader("Content-Type", "text/html")
                              .write("<html><body>Captive portal</body></html>"));
    start(config(0));
    WAIT_FOR_DONE();
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::InvalidResponse);
    QVERIFY2(error.hint().contains(u"Anthropic's Messages API"_s), qPrintable(error.hint()));
    QVERIFY2(!error.hint().contains(u"OpenAI"_s), qPrintable(error.hint()));
}

void TestAnthropicProvider::droppedMidStreamIsInterrupted()
{
    m_server->setFallback(ScriptedResponse::eventStream(Json::reply({u"A retry"_s})));
    SseBodyBuilder body;
    begin(body, u"Hello "_s);
    Json::textDelta(body, u"wor"_s);
    scriptChat(
        streamHeaders()
            .write(body.bytes(), 7)
            .write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"de")
            .drop());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 9);
    QCOMPARE(m_stream->text(), u"Hello wor"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestAnthropicProvider::idleTimeoutMidStream()
{
    SseBodyBuilder body;
    begin(body, u"Hi"_s);
    scriptChat(streamHeaders().write(body.bytes()).stall());
    ProviderConfig settings = config(0);
    settings.idleTimeout = 300ms;
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.idleTimeout, 300ms);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

// --- Models ------------------------------------------------------------------------------

void TestAnthropicProvider::listModels()
{
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(
                          200, Json::modelList({u"claude-sonnet-4-20250514"_s, u"claude-3-5-haiku-20241022"_s,
                                                u"claude-opus-4-1-20250805"_s})));
    m_provider = std::make_unique<AnthropicProvider>(m_network.get(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.at(0).at(0).toStringList(),
             (QStringList{u"claude-3-5-haiku-20241022"_s, u"claude-opus-4-1-20250805"_s,
                          u"claude-sonnet-4-20250514"_s}));
    const RecordedRequest sent = m_server->lastRequest();
    QCOMPARE(sent.method, "GET");
    QCOMPARE(sent.path(), "/v1/models");
    QCOMPARE(sent.target, "/v1/models?limit=1000");
    QCOMPARE(sent.header("x-api-key"), apiKey.toUtf8());
    QCOMPARE(sent.header("anthropic-version"), "2023-06-01");
    QVERIFY(!sent.hasHeader("Authorization"));
}

void TestAnthropicProvider::listModelsUnauthorised()
{
    m_server->setFallback(
        ScriptedResponse::json(401, Json::error(u"authentication_error"_s, u"invalid x-api-key"_s))
            .setHeader("request-id", "req_011CModels"));
    m_provider = std::make_unique<AnthropicProvider>(m_network.get(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(finished.size(), 0);
    const ProviderError error = failed.at(0).at(0).value<ProviderError>();
    QCOMPARE(error.kind, Kind::Authentication);
    QCOMPARE(error.httpStatus, 401);
    QCOMPARE(error.providerMessage, u"invalid x-api-key"_s);
    QCOMPARE(error.requestId, u"req_011CModels"_s);
}

QTEST_GUILESS_MAIN(TestAnthropicProvider)
#include "tst_anthropicprovider.moc"
