// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli ask and models, run as processes against the scripted OpenAI-compatible server.
// This file: the command line it runs, and replies that arrive whole.
#include "tst_cliask.h"

QStringList TestCliAsk::ask(const QStringList &extra, const QString &prompt)
{
    // Saving has its own suite (tst_clihistory); here stderr carries only what went wrong.
    return QStringList{QStringLiteral("ask"),        QStringLiteral("--no-save"),
                       QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                       QStringLiteral("--model"),    QStringLiteral("gpt-test")} +
           extra + QStringList{prompt};
}

void TestCliAsk::init()
{
    m_server = new ScriptedServer(this);
    QVERIFY(m_server->listen());
}

void TestCliAsk::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

void TestCliAsk::streamsTheReplyAndSendsTheRequest()
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

void TestCliAsk::readsThePromptFromStdin()
{
    m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("ok")}).bytes()));
    const CliRun run = CliRun::exec(ask({}, QStringLiteral("-")), "line one\nline two ✓\n");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("ok"));
    const QJsonArray messages = m_server->lastRequest().json().value(u"messages").toArray();
    QCOMPARE(messages.at(0).toObject().value(u"content").toString(),
             QStringLiteral("line one\nline two ✓\n"));
}

void TestCliAsk::recordedStreams_data()
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

void TestCliAsk::recordedStreams()
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

void TestCliAsk::everyFramingGivesTheSameText_data()
{
    QTest::addColumn<int>("lineEnding");
    QTest::addColumn<int>("writeSize");
    for (int ending = 0; ending < 3; ++ending) {
        const char *name = ending == 0 ? "LF" : ending == 1 ? "CRLF" : "CR";
        for (int size : {0, 1, 5})
            QTest::addRow("%s, writes of %d", name, size) << ending << size;
    }
}

void TestCliAsk::everyFramingGivesTheSameText()
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

void TestCliAsk::lengthFinishWarnsButSucceeds()
{
    m_server->enqueue(ScriptedResponse::eventStream(
        SseBodyBuilder().reply({QStringLiteral("Once upon")}, QStringLiteral("length")).bytes()));
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("Once upon"));
    QVERIFY2(run.errLine().contains(u"cut short"), run.err.constData());
}

void TestCliAsk::aToolCallIsSaid()
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

void TestCliAsk::refusalTextIsPrinted()
{
    SseBodyBuilder builder;
    builder.role().refusal(QStringLiteral("I'm sorry, ")).refusal(QStringLiteral("I can't help.")).finish();
    builder.usage(5, 4).done();
    m_server->enqueue(ScriptedResponse::eventStream(builder.bytes()));
    const CliRun run = CliRun::exec(ask({}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("I'm sorry, I can't help."));
}

QTEST_GUILESS_MAIN(TestCliAsk)
