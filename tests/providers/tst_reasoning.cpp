// SPDX-License-Identifier: GPL-3.0-or-later
// The model's thinking through every dialect end to end; the fixture.
#include "tst_reasoning.h"

#include "anthropicdialect.h"
#include "geminidialect.h"
#include "openaidialect.h"
#include "providerconfig.h"

#include <QJsonDocument>

void TestReasoning::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestReasoning::cleanup()
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

std::unique_ptr<ChatDialect> TestReasoning::dialect(Api api)
{
    switch (api) {
    case Api::OpenAi:
        return std::make_unique<OpenAiDialect>();
    case Api::Anthropic:
        return std::make_unique<AnthropicDialect>();
    case Api::Gemini:
        return std::make_unique<GeminiDialect>();
    }
    return {};
}

ChatRequest TestReasoning::request(Api api)
{
    ChatRequest chatRequest;
    switch (api) {
    case Api::OpenAi:
        chatRequest.model = u"deepseek-reasoner"_s;
        break;
    case Api::Anthropic:
        chatRequest.model = AnthropicJson::defaultModel();
        break;
    case Api::Gemini:
        chatRequest.model = u"gemini-2.5-flash"_s;
        break;
    }
    chatRequest.messages = {{ChatMessage::Role::User, u"Is 3 larger than 2?"_s}};
    return chatRequest;
}

ChatStream *TestReasoning::start(Api api, const ScriptedResponse &response, const ChatRequest &chatRequest,
                                 qint64 maxReplyBytes)
{
    ProviderConfig config;
    config.baseUrl = m_server->url(api == Api::Gemini ? u"/v1beta"_s : u"/v1"_s);
    config.apiKey = u"sk-test-0123456789"_s;
    config.idleTimeout = 15s; // bounds a broken test
    config.retry.maxRetries = 2;
    config.retry.baseDelay = 50ms;
    config.retry.maxDelay = 500ms;
    if (maxReplyBytes > 0)
        config.maxReplyBytes = maxReplyBytes;
    m_server->enqueue(response);
    m_provider = std::make_unique<HttpChatProvider>(m_network.get(), dialect(api), config);
    m_stream.reset(m_provider->streamChat(chatRequest));
    m_recorder = std::make_unique<StreamRecorder>(m_stream.get());
    return m_stream.get();
}

QJsonObject TestReasoning::body(Api api, const ChatRequest &chatRequest)
{
    return QJsonDocument::fromJson(dialect(api)->chatBody(chatRequest)).object();
}

QTEST_GUILESS_MAIN(TestReasoning)
