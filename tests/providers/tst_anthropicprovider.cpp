// SPDX-License-Identifier: GPL-3.0-or-later
// The Anthropic client end to end: the real QNetworkAccessManager against the scripted server,
// over loopback TCP, with the Messages API's wire format and its faults.
#include "tst_anthropicprovider.h"

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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<AnthropicDialect>(), config);
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
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), AnthropicDialect::DefaultMaxTokens);
    QVERIFY(!body.contains(u"system"_s));
    QVERIFY(!body.contains(u"temperature"_s));
    QVERIFY(!body.contains(u"top_p"_s));
    QCOMPARE(body.value(u"messages"_s).toArray().size(), 1);
}

QTEST_GUILESS_MAIN(TestAnthropicProvider)
