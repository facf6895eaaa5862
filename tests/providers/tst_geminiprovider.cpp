// SPDX-License-Identifier: GPL-3.0-or-later
// The Gemini client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with streamGenerateContent's wire format (CRLF events, no end marker) and
// its faults.
#include "tst_geminiprovider.h"

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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<GeminiDialect>(), config);
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

QTEST_GUILESS_MAIN(TestGeminiProvider)
