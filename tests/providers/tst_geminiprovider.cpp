// SPDX-License-Identifier: GPL-3.0-or-later
// The Gemini client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with streamGenerateContent's wire format (CRLF events, no end marker) and
// its faults.
#include "geminijson.h"
#include "chatstream.h"
#include "geminiprovider.h"
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

ScriptedResponse streamHeaders(ScriptedResponse::Framing framing = ScriptedResponse::Framing::Chunked)
{
    return ScriptedResponse(200)
        .setHeader("Content-Type", "text/event-stream")
        .setHeader("Content-Disposition", "attachment")
        .setFraming(framing);
}

ScriptedResponse geminiStream(const QByteArray &body, int writeSize = 0)
{
    return streamHeaders().write(body, writeSize);
}

QJsonArray textParts(const QStringList &texts)
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
    std::unique_ptr<GeminiProvider> m_provider;
    std::unique_ptr<ChatStream> m_stream;
    std::unique_ptr<StreamRecorder> m_recorder;
};

ProviderConfig TestGeminiProvider::config(int maxRetries) const
{
    ProviderConfig config;
    config.baseUrl = m_server->url(u"/v1beta"_s);
    config.apiKey = apiKey;
    config.idleTimeout = 15s;
    config.retry.maxRetries = maxRetries;
    config.retry.baseDelay = 50ms;
    config.retry.maxDelay = 1000ms;
    return config;
}

ChatRequest TestGeminiProvider::request()
{
    ChatRequest chatRequest;
    chatRequest.model = u"gemini-2.0-flash"_s;
    chatRequest.messages = {{ChatMessage::Role::User, u"Say hello"_s}};
    return chatRequest;
}

ChatStream *TestGeminiProvider::start(const ProviderConfig &config, const ChatRequest &chatRequest)
{
    m_provider = std::make_unique<GeminiProvider>(m_network.get(), config);
    m_stream.reset(m_provider->streamChat(chatRequest));
    m_recorder = std::make_unique<StreamRecorder>(m_stream.get());
    return m_stream.get();
}

void TestGeminiProvider::scriptChat(const ScriptedResponse &response)
{
    m_server->enqueue("POST", streamPath.toByteArray(), response);
}

void TestGeminiProvider::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestGeminiProvider::cleanup()
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

void TestGeminiProvider::requestCarriesContentsSystemInstructionAndConfig()
{
    scriptChat(geminiStream(Json::reply({u"Hello"_s})));
    ProviderConfig settings = config();
    settings.extraHeaders = {{"x-goog-user-project", "confab-tests"}};
    ChatRequest chatRequest = request();
    chatRequest.messages = {
        {ChatMessage::Role::System, u"Be brief."_s},
        {ChatMessage::Role::Assistant, u"Bonjour ! I am your tutor."_s}, // a preset's greeting: left out
        {ChatMessage::Role::User, u"Héllo \"quoted\"\nnew line"_s},
        {ChatMessage::Role::User, u"Are you there?"_s},
        {ChatMessage::Role::Assistant, u"Hi!"_s},
        {ChatMessage::Role::System, u"Answer in English."_s},
        {ChatMessage::Role::User, u" "_s}, // nothing to send
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
    QCOMPARE(sent.path(), streamPath);
    QCOMPARE(sent.target, streamPath.toByteArray() + "?alt=sse");
    QCOMPARE(sent.header("x-goog-api-key"), apiKey.toUtf8());
    QCOMPARE(sent.header("x-goog-user-project"), "confab-tests");
    QVERIFY2(sent.header("Content-Type").startsWith("application/json"),
             sent.header("Content-Type").constData());
    QCOMPARE(sent.header("Accept"), "text/event-stream");
    QVERIFY(!sent.hasHeader("Authorization"));

    const QJsonObject body = sent.json();
    QVERIFY2(!body.isEmpty(), sent.body.constData());
    QVERIFY(!body.contains(u"model"_s));
    const QJsonArray system = body.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray();
    QCOMPARE(system, textParts({u"Be brief."_s, u"Answer in English."_s}));
    const QJsonArray contents = body.value(u"contents"_s).toArray();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(contents.at(0).toObject().value(u"role"_s).toString(), u"user"_s);
    QCOMPARE(contents.at(0).toObject().value(u"parts"_s).toArray(),
             textParts({u"Héllo \"quoted\"\nnew line"_s, u"Are you there?"_s}));
    QCOMPARE(contents.at(1).toObject().value(u"role"_s).toString(), u"model"_s);
    QCOMPARE(contents.at(1).toObject().value(u"parts"_s).toArray(), textParts({u"Hi!"_s}));
    QCOMPARE(contents.at(2).toObject().value(u"role"_s).toString(), u"user"_s);
    QCOMPARE(contents.at(2).toObject().value(u"parts"_s).toArray(), textParts({u"How are you?"_s}));
    const QJsonObject generation = body.value(u"generationConfig"_s).toObject();
    QCOMPARE(generation.value(u"temperature"_s).toDouble(), 0.25);
    QCOMPARE(generation.value(u"topP"_s).toDouble(), 0.5);
    QCOMPARE(generation.value(u"maxOutputTokens"_s).toInt(), 100);
}

void TestGeminiProvider::keyIsNeverInTheUrl()
{
    // The request URL turns up in logs and error messages; the key must not be in it.
    scriptChat(geminiStream(Json::reply({u"Hello"_s})));
    start(config());
    WAIT_FOR_DONE();
    const RecordedRequest sent = m_server->lastRequest();
    QVERIFY2(!sent.target.contains(apiKey.toUtf8()), sent.target.constData());
    QVERIFY2(!sent.target.contains("key="), sent.target.constData());
    QCOMPARE(sent.header("x-goog-api-key"), apiKey.toUtf8());
}

void TestGeminiProvider::modelNamesBecomePaths_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("bare") << u"gemini-2.5-pro"_s
                          << QByteArray("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
    QTest::newRow("models/ prefix") << u"models/gemini-2.5-pro"_s
                                    << QByteArray("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
    QTest::newRow("tuned model") << u"tunedModels/my-model-x1"_s
                                 << QByteArray("/v1beta/tunedModels/my-model-x1:streamGenerateContent");
    QTest::newRow("odd characters") << u"a b?c#d"_s
                                    << QByteArray("/v1beta/models/a%20b%3Fc%23d:streamGenerateContent");
}

void TestGeminiProvider::modelNamesBecomePaths()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, path);
    m_server->setFallback(geminiStream(Json::reply({u"Hello"_s})));
    ChatRequest chatRequest = request();
    chatRequest.model = model;
    start(config(), chatRequest);
    WAIT_FOR_DONE();
    QCOMPARE(m_server->lastRequest().target, path + "?alt=sse");
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestGeminiProvider::noGenerationConfigWhenNothingIsSet()
{
    scriptChat(geminiStream(Json::reply({u"Hello"_s})));
    start(config());
    WAIT_FOR_DONE();
    const QJsonObject body = m_server->lastRequest().json();
    QVERIFY(!body.contains(u"generationConfig"_s));
    QVERIFY(!body.contains(u"systemInstruction"_s));
    QCOMPARE(body.value(u"contents"_s).toArray().size(), 1);
}

// --- The event stream --------------------------------------------------------------------

void TestGeminiProvider::typedEventsInOrder()
{
    // Usage comes with every chunk and is cumulative: only a change is reported.
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Rain"_s, {}, Json::usage(12, -1)));
    body.data(Json::textChunk(u" fell"_s, {}, Json::usage(12, -1)));
    body.data(Json::textChunk(u" softly.\n"_s, u"STOP"_s, Json::usage(11, 4)));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events,
             (QStringList{u"started"_s, u"content:Rain"_s, u"usage"_s, u"content: fell"_s,
                          u"content: softly.\n"_s, u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Rain fell softly.\n"_s);
    QCOMPARE(m_stream->model(), u"gemini-2.0-flash"_s);
    QCOMPARE(m_recorder->usages.size(), 2);
    QCOMPARE(m_recorder->usages.at(0), (TokenUsage{12, 0, 12, 0}));
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{11, 4, 15, 0}));
}

void TestGeminiProvider::finishedStreamCompletesWhenTheBodyEnds_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestGeminiProvider::finishedStreamCompletesWhenTheBodyEnds()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // Gemini sends no end marker: the last chunk has the finish reason, then the body ends.
    scriptChat(streamHeaders(framing).write(Json::reply({u"One"_s, u" two"_s}), 7));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"One two"_s);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
}

void TestGeminiProvider::finishedStreamLeftOpenCompletesAtTheIdleTimeout()
{
    // With no end marker, a server that never ends the body is only noticed by its silence;
    // the reply had its finish reason, so it is whole.
    scriptChat(streamHeaders().write(Json::reply({u"One"_s, u" two"_s})).stall());
    ProviderConfig settings = config(0);
    settings.idleTimeout = 300ms;
    start(settings);
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"One two"_s);
}

void TestGeminiProvider::endWithoutFinishReasonIsInterrupted_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestGeminiProvider::endWithoutFinishReasonIsInterrupted()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // A clean end of the body, but no chunk said the reply was complete.
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Partial "_s, {}, Json::usage(5, -1)));
    body.data(Json::textChunk(u"answ"_s, {}, Json::usage(5, -1)));
    scriptChat(streamHeaders(framing).write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_recorder->failure().kind, Kind::Interrupted);
    QCOMPARE(m_recorder->failure().receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestGeminiProvider::finishReasonsAreMapped_data()
{
    QTest::addColumn<QString>("geminiReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("STOP") << u"STOP"_s << u"stop"_s;
    QTest::newRow("MAX_TOKENS") << u"MAX_TOKENS"_s << u"length"_s;
    QTest::newRow("MALFORMED_FUNCTION_CALL") << u"MALFORMED_FUNCTION_CALL"_s << u"malformed_function_call"_s;
    QTest::newRow("OTHER") << u"OTHER"_s << u"other"_s;
}

void TestGeminiProvider::finishReasonsAreMapped()
{
    QFETCH(QString, geminiReason);
    QFETCH(QString, finishReason);
    scriptChat(geminiStream(Json::reply({u"Some"_s, u" text"_s}, geminiReason)));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
}

void TestGeminiProvider::severalPartsAndThoughts()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(
        Json::chunk(QJsonArray{QJsonObject{{u"text"_s, u"Planning the answer"_s}, {u"thought"_s, true}}}, {},
                    Json::usage(7, -1, 20)));
    body.data(Json::chunk(
        QJsonArray{
            QJsonObject{{u"text"_s, u"Two "_s}},
            QJsonObject{{u"text"_s, u"parts"_s}, {u"thoughtSignature"_s, u"c2ln"_s}},
            QJsonObject{{u"functionCall"_s, QJsonObject{{u"name"_s, u"f"_s}, {u"args"_s, QJsonObject()}}}}},
        u"STOP"_s, Json::usage(7, 2, 20)));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Two parts"_s);
    QCOMPARE(m_recorder->contentDeltas, QStringList{u"Two parts"_s});
    // Thoughts count as completion tokens, as OpenAI counts its reasoning.
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{7, 22, 29, 20}));
}

void TestGeminiProvider::blockedReplies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason"); // empty: completes with content_filter
    SseBodyBuilder safety(LineEnding::CrLf);
    safety.data(Json::chunk(QJsonArray(), u"SAFETY"_s, Json::usage(9, 0)));
    QTest::newRow("SAFETY, nothing said") << safety.bytes() << QString() << u"SAFETY"_s;

    SseBodyBuilder recitation(LineEnding::CrLf);
    recitation.data(Json::textChunk(u"It was the best of times"_s, {}, Json::usage(9, 6)));
    recitation.data(Json::chunk(QJsonArray(), u"RECITATION"_s, Json::usage(9, 6)));
    QTest::newRow("RECITATION after text")
        << recitation.bytes() << u"It was the best of times"_s << QString();

    SseBodyBuilder prompt(LineEnding::CrLf);
    prompt.data(
        Json::compact({{u"promptFeedback"_s, QJsonObject{{u"blockReason"_s, u"PROHIBITED_CONTENT"_s}}},
                       {u"usageMetadata"_s, Json::usage(9, -1)},
                       {u"modelVersion"_s, Json::defaultModel()}}));
    QTest::newRow("prompt blocked") << prompt.bytes() << QString() << u"PROHIBITED_CONTENT"_s;
}

void TestGeminiProvider::blockedReplies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QFETCH(QString, reason);
    scriptChat(geminiStream(body));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->text(), text);
    if (reason.isEmpty()) {
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->finishReason(), u"content_filter"_s);
        return;
    }
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, reason);
    QVERIFY2(error.message().contains(reason), qPrintable(error.message()));
    QVERIFY2(error.message().contains(u"blocked"_s) || error.message().contains(u"withheld"_s),
             qPrintable(error.message()));
}

void TestGeminiProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<bool>("spaceAfterColon");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<ScriptedResponse::Chunking>("chunking");
    using F = ScriptedResponse::Framing;
    const auto perWrite = ScriptedResponse::Chunking::PerWrite;
    const auto whole = ScriptedResponse::Chunking::Whole;
    QTest::newRow("crlf, whole") << LineEnding::CrLf << true << F::Chunked << 0 << perWrite;
    QTest::newRow("crlf, 1-byte chunks") << LineEnding::CrLf << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, 7-byte chunks") << LineEnding::CrLf << true << F::Chunked << 7 << perWrite;
    QTest::newRow("crlf, one chunk in 1-byte writes") << LineEnding::CrLf << true << F::Chunked << 1 << whole;
    QTest::newRow("crlf, content-length, 7-byte")
        << LineEnding::CrLf << true << F::ContentLength << 7 << perWrite;
    QTest::newRow("crlf, until close, 7-byte") << LineEnding::CrLf << true << F::UntilClose << 7 << perWrite;
    QTest::newRow("lf, 7-byte chunks") << LineEnding::Lf << true << F::Chunked << 7 << perWrite;
    QTest::newRow("crlf, no space after colon") << LineEnding::CrLf << false << F::Chunked << 3 << perWrite;
}

void TestGeminiProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(bool, spaceAfterColon);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    QFETCH(ScriptedResponse::Chunking, chunking);
    const QStringList deltas{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s};
    SseBodyBuilder body(lineEnding);
    body.setSpaceAfterColon(spaceAfterColon);
    for (qsizetype i = 0; i < deltas.size(); ++i)
        body.data(Json::textChunk(deltas.at(i), i == deltas.size() - 1 ? u"STOP"_s : QString(),
                                  Json::usage(8, i + 1)));
    scriptChat(streamHeaders(framing).write(body.bytes(), writeSize, chunking));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, deltas);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{8, 3, 11, 0}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestGeminiProvider::malformedChunksAreSkipped()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"A"_s));
    body.data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"trunc");
    body.data("42");
    body.data("");
    body.data(Json::textChunk(u"B"_s, u"STOP"_s));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
}

void TestGeminiProvider::errorChunk_data()
{
    QTest::addColumn<bool>("afterText");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("retried");
    QTest::newRow("503 before text") << false << 503 << u"UNAVAILABLE"_s << true;
    QTest::newRow("503 after text") << true << 503 << u"UNAVAILABLE"_s << false;
    QTest::newRow("400 before text") << false << 400 << u"INVALID_ARGUMENT"_s << false;
}

void TestGeminiProvider::errorChunk()
{
    QFETCH(bool, afterText);
    QFETCH(int, code);
    QFETCH(QString, status);
    QFETCH(bool, retried);
    const QString message = u"The model is overloaded. Please try again later."_s;
    SseBodyBuilder body(LineEnding::CrLf);
    if (afterText)
        body.data(Json::textChunk(u"Par"_s));
    body.data(Json::error(code, message, status));
    scriptChat(geminiStream(body.bytes()));
    scriptChat(geminiStream(Json::reply({u"Second"_s, u" try"_s})));
    start(config(2));
    WAIT_FOR_DONE();
    if (retried) {
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(m_recorder->retries.size(), 1);
        QCOMPARE(m_recorder->retries.at(0).cause.providerType, status);
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->text(), u"Second try"_s);
        return;
    }
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, status);
    QCOMPARE(error.providerCode, QString::number(code));
    QCOMPARE(error.providerMessage, message);
    QCOMPARE(m_stream->text(), afterText ? u"Par"_s : QString());
}

// --- HTTP errors and faults --------------------------------------------------------------

void TestGeminiProvider::httpErrorsAreTyped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("providerMessage");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<int>("attempts"); // with maxRetries 2

    const QString badKey = u"API key not valid. Please pass a valid API key."_s;
    QTest::newRow("400 API_KEY_INVALID")
        << 400 << Json::error(400, badKey, u"INVALID_ARGUMENT"_s, {Json::errorInfo(u"API_KEY_INVALID"_s)})
        << QByteArray("application/json") << Kind::Authentication << badKey << u"INVALID_ARGUMENT"_s << 1;
    const QString badArgument = u"* GenerateContentRequest.contents: contents is not specified"_s;
    QTest::newRow("400 INVALID_ARGUMENT")
        << 400 << Json::error(400, badArgument, u"INVALID_ARGUMENT"_s) << QByteArray("application/json")
        << Kind::BadRequest << badArgument << u"INVALID_ARGUMENT"_s << 1;
    const QString denied = u"Permission denied: Consumer 'api_key:…' has been suspended."_s;
    QTest::newRow("403 PERMISSION_DENIED")
        << 403 << Json::error(403, denied, u"PERMISSION_DENIED"_s) << QByteArray("application/json")
        << Kind::Authentication << denied << u"PERMISSION_DENIED"_s << 1;
    const QString notFound = u"models/custom-gemini-2.0-flash is not found for API version v1beta, or is not "
                             "supported for generateContent. Call ListModels to see the list of available "
                             "models and their supported methods."_s;
    QTest::newRow("404 in an array, labelled as a stream")
        << 404 << Json::error(404, notFound, u"NOT_FOUND"_s, {}, true) << QByteArray("text/event-stream")
        << Kind::NotFound << notFound << u"NOT_FOUND"_s << 1;
    const QString exhausted = u"Resource has been exhausted (e.g. check quota)."_s;
    QTest::newRow("429 RESOURCE_EXHAUSTED")
        << 429 << Json::error(429, exhausted, u"RESOURCE_EXHAUSTED"_s) << QByteArray("application/json")
        << Kind::RateLimited << exhausted << u"RESOURCE_EXHAUSTED"_s << 3;
    const QString internal = u"An internal error has occurred. Please retry or report in "
                             "https://developers.generativeai.google/guide/troubleshooting"_s;
    QTest::newRow("500 INTERNAL") << 500 << Json::error(500, internal, u"INTERNAL"_s)
                                  << QByteArray("application/json") << Kind::Server << internal
                                  << u"INTERNAL"_s << 3;
    const QString overloaded = u"The model is overloaded. Please try again later."_s;
    QTest::newRow("503 UNAVAILABLE") << 503 << Json::error(503, overloaded, u"UNAVAILABLE"_s)
                                     << QByteArray("application/json") << Kind::Server << overloaded
                                     << u"UNAVAILABLE"_s << 3;
}

void TestGeminiProvider::httpErrorsAreTyped()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(Kind, kind);
    QFETCH(QString, providerMessage);
    QFETCH(QString, providerType);
    QFETCH(int, attempts);
    m_server->setFallback(ScriptedResponse(status).setHeader("Content-Type", contentType).write(body));
    start(config(2));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), attempts);
    QCOMPARE(m_recorder->retries.size(), attempts - 1);
    QCOMPARE(m_recorder->startedCount, 0);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.providerMessage, providerMessage);
    QCOMPARE(error.providerType, providerType);
    QCOMPARE(error.providerCode, QString::number(status));
    QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
    QVERIFY(!error.hint().isEmpty());
}

void TestGeminiProvider::retryDelayFromTheBody()
{
    // Gemini says how long to wait in the body; a Retry-After header, when sent, wins.
    const QByteArray body = Json::error(429, u"You exceeded your current quota."_s, u"RESOURCE_EXHAUSTED"_s,
                                        {Json::retryInfo(u"37s"_s)});
    m_server->enqueue("POST", streamPath.toByteArray(), ScriptedResponse::json(429, body));
    m_server->enqueue("POST", streamPath.toByteArray(),
                      ScriptedResponse::json(429, body).setHeader("Retry-After", "20"));
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failure().kind, Kind::RateLimited);
    QCOMPARE(m_recorder->failure().retryAfter.value_or(0ms), 37000ms);
    QVERIFY2(m_recorder->failure().message().contains(u"retry after 37 s"_s),
             qPrintable(m_recorder->failure().message()));

    m_recorder.reset();
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failure().retryAfter.value_or(0ms), 20000ms);
}

void TestGeminiProvider::droppedMidStreamIsInterrupted()
{
    m_server->setFallback(geminiStream(Json::reply({u"A retry"_s})));
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Hello "_s));
    body.data(Json::textChunk(u"wor"_s));
    scriptChat(
        streamHeaders().write(body.bytes(), 7).write("data: {\"candidates\": [{\"content\": {\"par").drop());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 9);
    QCOMPARE(m_stream->text(), u"Hello wor"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestGeminiProvider::idleTimeoutMidStream()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Hi"_s));
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

void TestGeminiProvider::listModels()
{
    m_server->enqueue(
        "GET", "/v1beta/models",
        ScriptedResponse::json(200, Json::modelList({u"gemini-2.5-pro"_s, u"gemini-2.0-flash"_s,
                                                     u"text-embedding"_s, u"gemma-3-27b-it"_s})));
    m_provider = std::make_unique<GeminiProvider>(m_network.get(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(failed.size(), 0);
    // Sorted, without "models/", and without the model that cannot chat.
    QCOMPARE(finished.at(0).at(0).toStringList(),
             (QStringList{u"gemini-2.0-flash"_s, u"gemini-2.5-pro"_s, u"gemma-3-27b-it"_s}));
    const RecordedRequest sent = m_server->lastRequest();
    QCOMPARE(sent.method, "GET");
    QCOMPARE(sent.target, "/v1beta/models?pageSize=1000");
    QCOMPARE(sent.header("x-goog-api-key"), apiKey.toUtf8());
    QVERIFY(!sent.target.contains(apiKey.toUtf8()));
}

void TestGeminiProvider::listModelsWithABadKey()
{
    const QString badKey = u"API key not valid. Please pass a valid API key."_s;
    m_server->setFallback(ScriptedResponse::json(
        400, Json::error(400, badKey, u"INVALID_ARGUMENT"_s, {Json::errorInfo(u"API_KEY_INVALID"_s)})));
    m_provider = std::make_unique<GeminiProvider>(m_network.get(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(finished.size(), 0);
    const ProviderError error = failed.at(0).at(0).value<ProviderError>();
    QCOMPARE(error.kind, Kind::Authentication);
    QCOMPARE(error.providerMessage, badKey);
}

// A captive portal, say: the hint names the API the base URL should have led to.
void TestGeminiProvider::unreadableModelListNamesTheGeminiApi()
{
    m_server->setFallback(
        ScriptedResponse(200).setHeader("Content-Type", "text/html").write("<html>Log in</html>"));
    m_provider = std::make_unique<GeminiProvider>(m_network.get(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, doneTimeout);
    const ProviderError error = failed.at(0).value(0).value<ProviderError>();
    QCOMPARE(error.kind, Kind::InvalidResponse);
    QVERIFY2(error.hint().contains(u"Google's Gemini API"_s), qPrintable(error.hint()));
    QVERIFY2(!error.hint().contains(u"OpenAI"_s), qPrintable(error.hint()));
}

QTEST_GUILESS_MAIN(TestGeminiProvider)
#include "tst_geminiprovider.moc"
