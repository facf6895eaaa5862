// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAI client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with OpenAI's wire format and its faults.
#include "tst_openaiprovider.h"

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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<OpenAiDialect>(), config);
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

QTEST_GUILESS_MAIN(TestOpenAiProvider)
