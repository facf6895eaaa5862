// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiProvider, continued.
#include "tst_openaiprovider.h"

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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<OpenAiDialect>(), settings);
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
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<OpenAiDialect>(), settings);
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
