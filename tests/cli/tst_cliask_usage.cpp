// SPDX-License-Identifier: GPL-3.0-or-later
// TestCliAsk, continued: usage errors, the environment, help, and the models command.
#include "tst_cliask.h"

void TestCliAsk::usageErrors_data()
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
    QTest::newRow("unknown option") << QStringList{QStringLiteral("ask"), QStringLiteral("--frobnicate"),
                                                   QStringLiteral("hi")}
                                    << QStringLiteral("frobnicate");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("fly")}
                                     << QStringLiteral("unknown command");
}

void TestCliAsk::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CliRun run = CliRun::exec(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errLine().contains(expected), run.err.constData());
    QCOMPARE(m_server->requestCount(), 0);
}

void TestCliAsk::noKeyForOpenAiIsAUsageError()
{
    QProcessEnvironment env = CliRun::defaultEnvironment();
    env.remove(QStringLiteral("OPENAI_API_KEY"));
    const CliRun run = CliRun::exec({QStringLiteral("ask"), QStringLiteral("hi")}, {}, env);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errLine().contains(u"OPENAI_API_KEY"), run.err.constData());
}

void TestCliAsk::baseUrlFromTheEnvironment()
{
    m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("env")}).bytes()));
    QProcessEnvironment env = CliRun::defaultEnvironment();
    env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server->baseUrl().toString());
    const CliRun run =
        CliRun::exec({QStringLiteral("ask"), QStringLiteral("--no-save"), QStringLiteral("hi")}, {}, env);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("env"));
}

void TestCliAsk::helpListsTheExitCodes()
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

void TestCliAsk::modelsAreListed()
{
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(
                          200, OpenAiJson::modelList({QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"),
                                                      QStringLiteral("babbage-002")})));
    const CliRun run = CliRun::exec(
        {QStringLiteral("models"), QStringLiteral("--base-url"), m_server->baseUrl().toString()});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("babbage-002\ngpt-4o\ngpt-4o-mini\n"));
    QCOMPARE(m_server->lastRequest().header("authorization"), QByteArray("Bearer sk-test-0123456789"));
}

void TestCliAsk::modelsReportsErrors()
{
    m_server->setFallback(ScriptedResponse::openAiError(401, QStringLiteral("Incorrect API key provided."),
                                                        QStringLiteral("invalid_request_error"),
                                                        QStringLiteral("invalid_api_key")));
    const CliRun run = CliRun::exec(
        {QStringLiteral("models"), QStringLiteral("--base-url"), m_server->baseUrl().toString()});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.errLine().contains(u"authentication failed (HTTP 401)"), run.err.constData());
}
