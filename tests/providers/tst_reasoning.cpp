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
    m_run = std::make_unique<Run>();
    QVERIFY(m_run->server.listen());
}

void TestReasoning::cleanup()
{
    const std::unique_ptr<Run> run = std::move(m_run);
    if (!run->recorder)
        return;
    const QStringList broken = run->recorder->violations();
    QVERIFY2(broken.isEmpty(),
             qPrintable(broken.join(u"; "_s) + u" — events: "_s + run->recorder->events.join(u", "_s)));
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
    config.baseUrl = m_run->server.url(api == Api::Gemini ? u"/v1beta"_s : u"/v1"_s);
    config.apiKey = u"sk-test-0123456789"_s;
    config.idleTimeout = 15s; // bounds a broken test
    config.retry.maxRetries = 2;
    config.retry.baseDelay = 50ms;
    config.retry.maxDelay = 500ms;
    if (maxReplyBytes > 0)
        config.maxReplyBytes = maxReplyBytes;
    m_run->server.enqueue(response);
    m_run->provider = std::make_unique<HttpChatProvider>(&m_run->network, dialect(api), config);
    m_run->stream.reset(m_run->provider->streamChat(chatRequest));
    m_run->recorder = std::make_unique<StreamRecorder>(m_run->stream.get());
    return m_run->stream.get();
}

QJsonObject TestReasoning::body(Api api, const ChatRequest &chatRequest)
{
    return QJsonDocument::fromJson(dialect(api)->chatBody(chatRequest)).object();
}

QJsonObject TestReasoning::bodyWithEffort(Api api, std::optional<ReasoningEffort> effort)
{
    ChatRequest chatRequest = request(api);
    chatRequest.reasoningEffort = effort;
    chatRequest.temperature = 0.5;
    chatRequest.topP = 0.9;
    return body(api, chatRequest);
}

QTEST_GUILESS_MAIN(TestReasoning)
