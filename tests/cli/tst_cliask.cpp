// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli ask and models, run as processes against the scripted OpenAI-compatible server.
#include "clirun.h"
#include "openaijson.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {
QByteArray readData(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}
} // namespace

class TestCliAsk : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;

    QStringList ask(const QStringList &extra, const QString &prompt = QStringLiteral("Say hello"))
    {
        // Saving has its own suite (tst_clihistory); here stderr carries only what went wrong.
        return QStringList{QStringLiteral("ask"),        QStringLiteral("--no-save"),
                           QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                           QStringLiteral("--model"),    QStringLiteral("gpt-test")} +
               extra + QStringList{prompt};
    }

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void streamsTheReplyAndSendsTheRequest()
    {
        const QByteArray body =
            SseBodyBuilder()
                .reply({QStringLiteral("Hel"), QStringLiteral("lo, "), QStringLiteral("wörld 🌍")})
                .bytes();
        m_server->enqueue(ScriptedResponse::eventStream(body, 1));
        const CliRun run = CliRun::exec(ask({QStringLiteral("--system"), QStringLiteral("Be brief.")}));
        QCOMPARE(run.err, QByteArray());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QString::fromUtf8(run.out), QStringLiteral("Hello, wörld 🌍"));

        QCOMPARE(m_server->requestCount(), 1);
        const RecordedRequest request = m_server->lastRequest();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path(), QByteArray("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test-0123456789"));
        const QJsonObject json = request.json();
        QCOMPARE(json.value(u"model").toString(), QStringLiteral("gpt-test"));
        QCOMPARE(json.value(u"stream").toBool(), true);
        QCOMPARE(json.value(u"stream_options").toObject().value(u"include_usage").toBool(), true);
        const QJsonArray messages = json.value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(u"role").toString(), QStringLiteral("system"));
        QCOMPARE(messages.at(0).toObject().value(u"content").toString(), QStringLiteral("Be brief."));
        QCOMPARE(messages.at(1).toObject().value(u"role").toString(), QStringLiteral("user"));
        QCOMPARE(messages.at(1).toObject().value(u"content").toString(), QStringLiteral("Say hello"));
    }

    void readsThePromptFromStdin()
    {
        m_server->enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("ok")}).bytes()));
        const CliRun run = CliRun::exec(ask({}, QStringLiteral("-")), "line one\nline two ✓\n");
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("ok"));
        const QJsonArray messages = m_server->lastRequest().json().value(u"messages").toArray();
        QCOMPARE(messages.at(0).toObject().value(u"content").toString(),
                 QStringLiteral("line one\nline two ✓\n"));
    }

    void recordedStreams_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("writeSize");
        const QDir dir(QStringLiteral(CONFAB_TEST_DATA_DIR "/openai-recorded"));
        const QStringList files = dir.entryList({QStringLiteral("*.bin")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 12);
        for (const QString &file : files) {
            QTest::newRow(qPrintable(file.left(12) + QStringLiteral(" whole"))) << dir.filePath(file) << 0;
            QTest::newRow(qPrintable(file.left(12) + QStringLiteral(" 7-byte writes")))
                << dir.filePath(file) << 7;
        }
    }

    void recordedStreams()
    {
        QFETCH(QString, file);
        QFETCH(int, writeSize);
        const QString stem = file.chopped(4);
        const QByteArray expected = readData(stem + QStringLiteral(".expected.txt")) +
                                    readData(stem + QStringLiteral(".expected-refusal.txt"));
        m_server->enqueue(ScriptedResponse::eventStream(readData(file), writeSize));
        const CliRun run = CliRun::exec(ask({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, expected);
    }

    void everyFramingGivesTheSameText_data()
    {
        QTest::addColumn<int>("lineEnding");
        QTest::addColumn<int>("writeSize");
        for (int ending = 0; ending < 3; ++ending) {
            const char *name = ending == 0 ? "LF" : ending == 1 ? "CRLF" : "CR";
            for (int size : {0, 1, 5})
                QTest::addRow("%s, writes of %d", name, size) << ending << size;
        }
    }

    void everyFramingGivesTheSameText()
    {
        QFETCH(int, lineEnding);
        QFETCH(int, writeSize);
        SseBodyBuilder builder{SseBodyBuilder::LineEnding(lineEnding)};
        builder.comment("OPENROUTER PROCESSING").blankLine().role().keepAlive();
        builder.content(QStringLiteral("a\nb")).keepAlive().content(QStringLiteral(" ünïcode")).finish();
        builder.usage(3, 2).done();
        m_server->enqueue(ScriptedResponse::eventStream(builder.bytes(), writeSize));
        const CliRun run = CliRun::exec(ask({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QString::fromUtf8(run.out), QStringLiteral("a\nb ünïcode"));
    }

    void lengthFinishWarnsButSucceeds()
    {
        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({QStringLiteral("Once upon")}, QStringLiteral("length")).bytes()));
        const CliRun run = CliRun::exec(ask({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("Once upon"));
        QVERIFY2(run.errLine().contains(u"cut short"), run.err.constData());
    }

    void aToolCallIsSaid()
    {
        // The model asks for a tool Confab does not offer: said on stderr, as a cut-short reply is
        // (the exchange happened and is saved, so the status stays 0).
        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({QStringLiteral("Let me check.")}, QStringLiteral("tool_calls")).bytes()));
        const CliRun run = CliRun::exec(ask({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("Let me check."));
        QVERIFY2(run.errLine().contains(u"tool"), run.err.constData());
        QVERIFY2(run.errLine().contains(u"does not offer"), run.err.constData());
    }

    void refusalTextIsPrinted()
    {
        SseBodyBuilder builder;
        builder.role()
            .refusal(QStringLiteral("I'm sorry, "))
            .refusal(QStringLiteral("I can't help."))
            .finish();
        builder.usage(5, 4).done();
        m_server->enqueue(ScriptedResponse::eventStream(builder.bytes()));
        const CliRun run = CliRun::exec(ask({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("I'm sorry, I can't help."));
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");

        QTest::newRow("401") << 401 << QStringLiteral("Incorrect API key provided: sk-test***6789.")
                             << QStringLiteral("invalid_request_error") << QStringLiteral("invalid_api_key")
                             << 3
                             << QStringLiteral(
                                    "authentication failed (HTTP 401): Incorrect API key provided");
        QTest::newRow("404") << 404 << QStringLiteral("The model `gpt-nope` does not exist")
                             << QStringLiteral("invalid_request_error") << QStringLiteral("model_not_found")
                             << 4 << QStringLiteral("(HTTP 404): The model `gpt-nope` does not exist");
        QTest::newRow("429 quota") << 429 << QStringLiteral("You exceeded your current quota.")
                                   << QStringLiteral("insufficient_quota")
                                   << QStringLiteral("insufficient_quota") << 5
                                   << QStringLiteral("(HTTP 429): You exceeded your current quota.");
        QTest::newRow("400") << 400 << QStringLiteral("This model's maximum context length is 4097 tokens.")
                             << QStringLiteral("invalid_request_error")
                             << QStringLiteral("context_length_exceeded") << 6
                             << QStringLiteral(
                                    "(HTTP 400): This model's maximum context length is 4097 tokens.");
        QTest::newRow("500") << 500 << QStringLiteral("The server had an error processing your request.")
                             << QStringLiteral("server_error") << QString() << 7
                             << QStringLiteral("server error (HTTP 500): The server had an error");
    }

    void httpErrors()
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

    void rateLimitIsRetriedThenReported()
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

    void serverErrorBeforeTheFirstTokenIsRetried()
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

    void connectionRefused()
    {
        const QString base = QStringLiteral("http://127.0.0.1:%1/v1").arg(ScriptedServer::unusedPort());
        const CliRun run =
            CliRun::exec({QStringLiteral("ask"), QStringLiteral("--no-save"), QStringLiteral("--base-url"),
                          base, QStringLiteral("--retries"), QStringLiteral("0"), QStringLiteral("hi")});
        QCOMPARE(run.exitCode, 8);
        QVERIFY2(run.errLine().contains(u"refused"), run.err.constData());
    }

    void droppedMidStreamKeepsWhatArrived()
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

    void interruptedCountsCharactersNotUtf16Units()
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

    void stallTimesOut()
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

    void errorInsideTheStream()
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

    void interruptKeepsThePartialReply()
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

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no prompt") << QStringList{QStringLiteral("ask")} << QStringLiteral("one PROMPT");
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("ask"), QStringLiteral("--idle-timeout"),
                                                    QStringLiteral("soon"), QStringLiteral("hi")}
                                     << QStringLiteral("--idle-timeout");
        QTest::newRow("bad url") << QStringList{QStringLiteral("ask"), QStringLiteral("--base-url"),
                                                QStringLiteral("ftp://x"), QStringLiteral("hi")}
                                 << QStringLiteral("invalid base URL");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--frobnicate"), QStringLiteral("hi")}
            << QStringLiteral("frobnicate");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("fly")} << QStringLiteral("unknown command");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const CliRun run = CliRun::exec(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errLine().contains(expected), run.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void noKeyForOpenAiIsAUsageError()
    {
        QProcessEnvironment env = CliRun::defaultEnvironment();
        env.remove(QStringLiteral("OPENAI_API_KEY"));
        const CliRun run = CliRun::exec({QStringLiteral("ask"), QStringLiteral("hi")}, {}, env);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errLine().contains(u"OPENAI_API_KEY"), run.err.constData());
    }

    void baseUrlFromTheEnvironment()
    {
        m_server->enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("env")}).bytes()));
        QProcessEnvironment env = CliRun::defaultEnvironment();
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server->baseUrl().toString());
        const CliRun run =
            CliRun::exec({QStringLiteral("ask"), QStringLiteral("--no-save"), QStringLiteral("hi")}, {}, env);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("env"));
    }

    void helpListsTheExitCodes()
    {
        const CliRun run = CliRun::exec({QStringLiteral("ask"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("Usage: confab-cli ask"));
        QVERIFY(run.out.contains("--idle-timeout"));
        QVERIFY(run.out.contains("130  cancelled"));
        const CliRun top = CliRun::exec({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("debug sse"));
        const CliRun version = CliRun::exec({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out, QByteArray("confab-cli " CONFAB_VERSION "\n"));
    }

    void modelsAreListed()
    {
        m_server->enqueue(
            "GET", "/v1/models",
            ScriptedResponse::json(
                200, OpenAiJson::modelList({QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"),
                                            QStringLiteral("babbage-002")})));
        const CliRun run = CliRun::exec(
            {QStringLiteral("models"), QStringLiteral("--base-url"), m_server->baseUrl().toString()});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("babbage-002\ngpt-4o\ngpt-4o-mini\n"));
        QCOMPARE(m_server->lastRequest().header("authorization"), QByteArray("Bearer sk-test-0123456789"));
    }

    void modelsReportsErrors()
    {
        m_server->setFallback(ScriptedResponse::openAiError(
            401, QStringLiteral("Incorrect API key provided."), QStringLiteral("invalid_request_error"),
            QStringLiteral("invalid_api_key")));
        const CliRun run = CliRun::exec(
            {QStringLiteral("models"), QStringLiteral("--base-url"), m_server->baseUrl().toString()});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.errLine().contains(u"authentication failed (HTTP 401)"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAsk)
#include "tst_cliask.moc"
