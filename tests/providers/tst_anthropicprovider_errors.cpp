// SPDX-License-Identifier: GPL-3.0-or-later
// TestAnthropicProvider, continued.
#include "tst_anthropicprovider.h"

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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<AnthropicDialect>(), config());
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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<AnthropicDialect>(), config());
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
