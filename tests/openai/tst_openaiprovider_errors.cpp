// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiProvider, continued.
#include "tst_openaiprovider.h"

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
