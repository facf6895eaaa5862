// SPDX-License-Identifier: GPL-3.0-or-later
// TestCliAsk, continued: HTTP errors, retries, dropped and stalled streams, interrupts.
#include "tst_cliask.h"

void TestCliAsk::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");

    QTest::newRow("401") << 401 << QStringLiteral("Incorrect API key provided: sk-test***6789.")
                         << QStringLiteral("invalid_request_error") << QStringLiteral("invalid_api_key") << 3
                         << QStringLiteral("authentication failed (HTTP 401): Incorrect API key provided");
    QTest::newRow("404") << 404 << QStringLiteral("The model `gpt-nope` does not exist")
                         << QStringLiteral("invalid_request_error") << QStringLiteral("model_not_found") << 4
                         << QStringLiteral("(HTTP 404): The model `gpt-nope` does not exist");
    QTest::newRow("429 quota") << 429 << QStringLiteral("You exceeded your current quota.")
                               << QStringLiteral("insufficient_quota") << QStringLiteral("insufficient_quota")
                               << 5 << QStringLiteral("(HTTP 429): You exceeded your current quota.");
    QTest::newRow("400") << 400 << QStringLiteral("This model's maximum context length is 4097 tokens.")
                         << QStringLiteral("invalid_request_error")
                         << QStringLiteral("context_length_exceeded") << 6
                         << QStringLiteral("(HTTP 400): This model's maximum context length is 4097 tokens.");
    QTest::newRow("500") << 500 << QStringLiteral("The server had an error processing your request.")
                         << QStringLiteral("server_error") << QString() << 7
                         << QStringLiteral("server error (HTTP 500): The server had an error");
}

void TestCliAsk::httpErrors()
{
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    m_server->setFallback(ScriptedResponse::openAiError(status, message, type, code));
    const CliRun run = CliRun::exec(ask({QStringLiteral("--retries"), QStringLiteral("0")}));
    QCOMPARE(run.exitCode, exitCode);
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(run.errLine().contains(expected), run.err.constData());
    QCOMPARE(m_server->requestCount(), 1);
}

void TestCliAsk::rateLimitIsRetriedThenReported()
{
    m_server->setFallback(
        ScriptedResponse::openAiError(429, QStringLiteral("Rate limit reached for gpt-test."),
                                      QStringLiteral("tokens"), QStringLiteral("rate_limit_exceeded"))
            .setHeader("retry-after-ms", "50"));
    const CliRun run = CliRun::exec(ask({QStringLiteral("--retries"), QStringLiteral("2")}));
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.errLine().contains(u"rate limited (HTTP 429)"), run.err.constData());
    QVERIFY2(run.errLine().contains(u"Rate limit reached for gpt-test."), run.err.constData());
    QCOMPARE(m_server->requestCount(), 3);
}

void TestCliAsk::serverErrorBeforeTheFirstTokenIsRetried()
{
    m_server->enqueue(ScriptedResponse::openAiError(
        503, QStringLiteral("That model is currently overloaded."), QStringLiteral("server_error")));
    m_server->enqueue(
        ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("fine")}).bytes()));
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("fine"));
    QCOMPARE(m_server->requestCount(), 2);
}

void TestCliAsk::connectionRefused()
{
    const QString base = QStringLiteral("http://127.0.0.1:%1/v1").arg(ScriptedServer::unusedPort());
    const CliRun run =
        CliRun::exec({QStringLiteral("ask"), QStringLiteral("--no-save"), QStringLiteral("--base-url"), base,
                      QStringLiteral("--retries"), QStringLiteral("0"), QStringLiteral("hi")});
    QCOMPARE(run.exitCode, 8);
    QVERIFY2(run.errLine().contains(u"refused"), run.err.constData());
}

void TestCliAsk::droppedMidStreamKeepsWhatArrived()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("partial ")).content(QStringLiteral("reply"));
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("content-type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(builder.bytes())
                          .delay(50ms)
                          .drop());
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 9);
    QCOMPARE(run.out, QByteArray("partial reply"));
    QVERIFY2(run.errLine().contains(u"connection interrupted after 13 characters"), run.err.constData());
    QCOMPARE(m_server->requestCount(), 1); // never retried after the first token
}

void TestCliAsk::interruptedCountsCharactersNotUtf16Units()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("🌍 é"));
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("content-type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(builder.bytes())
                          .drop());
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 9);
    QVERIFY2(run.errLine().contains(u"connection interrupted after 3 characters"), run.err.constData());
}

void TestCliAsk::stallTimesOut()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("waiting"));
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("content-type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(builder.bytes())
                          .stall());
    const CliRun run = CliRun::exec(ask({QStringLiteral("--idle-timeout"), QStringLiteral("0.5")}));
    QCOMPARE(run.exitCode, 10);
    QCOMPARE(run.out, QByteArray("waiting"));
    QVERIFY2(run.errLine().contains(u"timed out"), run.err.constData());
}

void TestCliAsk::errorInsideTheStream()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("Some "));
    builder.error(QStringLiteral("The server experienced an error while processing your request."),
                  QStringLiteral("server_error"));
    builder.done();
    m_server->enqueue(ScriptedResponse::eventStream(builder.bytes()));
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 11);
    QCOMPARE(run.out, QByteArray("Some "));
    QVERIFY2(run.errLine().contains(u"The server experienced an error while processing your request."),
             run.err.constData());
}

void TestCliAsk::interruptKeepsThePartialReply()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("half a th"));
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("content-type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(builder.bytes())
                          .stall());
    QSignalSpy disconnected(m_server, &ScriptedServer::clientDisconnected);
    const CliRun run = CliRun::exec(ask({}), {}, CliRun::defaultEnvironment(), [](QProcess &process) {
        // Interrupt once the partial reply has been printed.
        QTRY_VERIFY_WITH_TIMEOUT(process.bytesAvailable() > 0, 20000);
        process.terminate();
    });
    QCOMPARE(run.exitCode, 130);
    QCOMPARE(run.out, QByteArray("half a th"));
    QVERIFY(run.errLine().contains(u"cancelled"));
    QTRY_VERIFY(!disconnected.isEmpty());
}
