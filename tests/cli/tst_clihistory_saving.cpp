// SPDX-License-Identifier: GPL-3.0-or-later
// TestCliHistory, continued: what ask saves, continues and keeps.
#include "tst_clihistory.h"

void TestCliHistory::askSavesANewConversation_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::askSavesANewConversation()
{
    const QString prompt =
        QStringLiteral("Tell me, in a few plain words, why the sky above the sea looks blue "
                       "at noon");
    enqueueReply({QStringLiteral("Rayleigh "), QStringLiteral("scattering.")});
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const CliRun run = m_db->run(ask(prompt, {QStringLiteral("--system"), QStringLiteral("Be brief.")}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("Rayleigh scattering."));
    const QString id = HistoryDatabase::conversationId(run.err);
    QVERIFY2(!id.isEmpty(), run.err.constData());
    QCOMPARE(run.errLine(), QStringLiteral("confab-cli: conversation %1").arg(id));

    const QJsonArray list = m_db->list();
    QCOMPARE(list.size(), 1);
    const QJsonObject entry = list.at(0).toObject();
    QCOMPARE(entry.value(u"id").toString(), id);
    // The first words, cut at a word boundary.
    QCOMPARE(entry.value(u"title").toString(),
             QStringLiteral("Tell me, in a few plain words, why the sky above the sea…"));
    QCOMPARE(entry.value(u"pinned"), QJsonValue(false));
    QCOMPARE(entry.value(u"archived"), QJsonValue(false));
    QCOMPARE(entry.value(u"message_count").toInt(), 2);
    for (const char16_t *key : {u"created_at", u"updated_at"}) {
        const QString time = entry.value(key).toString();
        QVERIFY2(HistoryDatabase::isIsoUtc(time), qPrintable(time));
        QVERIFY(QDateTime::fromString(time, Qt::ISODateWithMs) >= before);
    }

    const QJsonObject show = m_db->show(id);
    QCOMPARE(show.value(u"id").toString(), id);
    QCOMPARE(show.value(u"title").toString(), entry.value(u"title").toString());
    QCOMPARE(show.value(u"model").toString(), QStringLiteral("gpt-test"));
    QCOMPARE(show.value(u"system_prompt").toString(), QStringLiteral("Be brief."));
    for (const char16_t *key : {u"temperature", u"top_p", u"max_tokens"})
        QVERIFY(show.contains(key) && show.value(key).isNull());
    QCOMPARE(show.value(u"pinned"), QJsonValue(false));
    QCOMPARE(show.value(u"archived"), QJsonValue(false));
    QVERIFY(HistoryDatabase::isIsoUtc(show.value(u"created_at").toString()));
    QVERIFY(HistoryDatabase::isIsoUtc(show.value(u"updated_at").toString()));
    const QJsonArray messages = show.value(u"messages").toArray();
    QCOMPARE(messages.size(), 2);
    const QJsonObject user = messages.at(0).toObject();
    const QJsonObject reply = messages.at(1).toObject();
    QCOMPARE(user.value(u"role").toString(), QStringLiteral("user"));
    QCOMPARE(user.value(u"content").toString(), prompt);
    QCOMPARE(user.value(u"status").toString(), QStringLiteral("complete"));
    QVERIFY(user.value(u"parent_id").isNull());
    QCOMPARE(reply.value(u"role").toString(), QStringLiteral("assistant"));
    QCOMPARE(reply.value(u"content").toString(), QStringLiteral("Rayleigh scattering."));
    QCOMPARE(reply.value(u"status").toString(), QStringLiteral("complete"));
    // The model the server says answered.
    QCOMPARE(reply.value(u"model").toString(), QStringLiteral("gpt-4o-2024-08-06"));
    QCOMPARE(reply.value(u"parent_id").toString(), user.value(u"id").toString());
    QVERIFY(HistoryDatabase::isIsoUtc(reply.value(u"created_at").toString()));
    QVERIFY(!QUuid::fromString(reply.value(u"id").toString()).isNull());

    // The same, for people.
    const CliRun text = m_db->run({QStringLiteral("list")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith(id.toUtf8() + "  "), text.out.constData());
    QVERIFY(text.out.contains("why the sky above the sea…\n"));
    const CliRun shown = m_db->run({QStringLiteral("show"), id});
    QCOMPARE(shown.exitCode, 0);
    const QString out = QString::fromUtf8(shown.out);
    QVERIFY2(out.contains(u"── user"), shown.out.constData());
    QVERIFY(out.contains(u"── assistant (gpt-4o-2024-08-06)"));
    QVERIFY(out.contains(u"── system ──\nBe brief.\n"));
    QVERIFY(out.indexOf(prompt) < out.indexOf(u"Rayleigh scattering.\n"));
}

void TestCliHistory::askContinuesAConversation_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::askContinuesAConversation()
{
    const QString id = askAndSave(QStringLiteral("Name a colour."), QStringLiteral("Teal."),
                                  {QStringLiteral("--system"), QStringLiteral("One word.")});
    QVERIFY(!id.isEmpty());

    enqueueReply({QStringLiteral("Orange.")});
    const CliRun run = m_db->run(ask(QStringLiteral("And another?"), {QStringLiteral("--conversation"), id}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("Orange."));
    QCOMPARE(HistoryDatabase::conversationId(run.err), id);

    // The branch so far went out as context, with the conversation's system prompt.
    const QJsonArray sent = m_server->lastRequest().json().value(u"messages").toArray();
    QCOMPARE(sent.size(), 4);
    const QStringList expected{QStringLiteral("system:One word."), QStringLiteral("user:Name a colour."),
                               QStringLiteral("assistant:Teal."), QStringLiteral("user:And another?")};
    for (int i = 0; i < 4; ++i) {
        const QJsonObject m = sent.at(i).toObject();
        QCOMPARE(m.value(u"role").toString() + u':' + m.value(u"content").toString(), expected.at(i));
    }

    QCOMPARE(m_db->list().size(), 1);
    const QJsonArray messages = m_db->show(id).value(u"messages").toArray();
    QCOMPARE(messages.size(), 4);
    QString parent;
    for (const QJsonValue &value : messages) {
        const QJsonObject m = value.toObject();
        QCOMPARE(m.value(u"parent_id").toString(), parent);
        parent = m.value(u"id").toString();
    }
    QCOMPARE(messages.at(2).toObject().value(u"content").toString(), QStringLiteral("And another?"));
    QCOMPARE(messages.at(3).toObject().value(u"content").toString(), QStringLiteral("Orange."));
}

void TestCliHistory::interruptSavesTheStoppedReply_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::interruptSavesTheStoppedReply()
{
    SseBodyBuilder builder;
    builder.role().content(QStringLiteral("half a th"));
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("content-type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(builder.bytes())
                          .stall());
    const CliRun run = CliRun::exec(
        ask(QStringLiteral("Tell me everything"), {QStringLiteral("--database"), m_db->argument()}), {},
        CliRun::defaultEnvironment(), [](QProcess &process) {
            QTRY_VERIFY_WITH_TIMEOUT(process.bytesAvailable() > 0, 20000);
            process.terminate(); // Ctrl+C
        });
    QCOMPARE(run.exitCode, 130);
    QCOMPARE(run.out, QByteArray("half a th"));
    const QString id = HistoryDatabase::conversationId(run.err);
    QVERIFY2(!id.isEmpty(), run.err.constData());
    const QJsonArray messages = m_db->show(id).value(u"messages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(1).toObject().value(u"status").toString(), QStringLiteral("stopped"));
    QCOMPARE(messages.at(1).toObject().value(u"content").toString(), QStringLiteral("half a th"));
}

void TestCliHistory::noSaveStoresNothing_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::noSaveStoresNothing()
{
    enqueueReply({QStringLiteral("ephemeral")});
    const CliRun run = m_db->run(ask(QStringLiteral("Off the record"), {QStringLiteral("--no-save")}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("ephemeral"));
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(m_db->list({QStringLiteral("--all")}), QJsonArray());
}

void TestCliHistory::storageFailureKeepsTheReply_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::storageFailureKeepsTheReply()
{
    // A database that cannot be opened: a file where the folder should be, or a server
    // nobody listens on.
    QFETCH(QString, backend);
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString database =
        backend == u"sqlite"
            ? blocker.fileName() + QStringLiteral("/history.sqlite")
            : QStringLiteral("postgresql://confab:s3cret-pw@127.0.0.1:%1/confab?connect_timeout=3")
                  .arg(ScriptedServer::unusedPort());
    enqueueReply({QStringLiteral("still here")});
    const CliRun run =
        CliRun::exec(ask(QStringLiteral("Keep this"), {QStringLiteral("--database"), database}));
    QCOMPARE(run.out, QByteArray("still here"));
    // A file that cannot be: 13. A server that is away may come back: 16, "not saved" after
    // waiting for it.
    QCOMPARE(run.exitCode, backend == u"sqlite" ? 13 : 16);
    QVERIFY2(run.err.contains("the conversation was not saved"), run.err.constData());
    QVERIFY(!run.err.contains("s3cret-pw"));

    const CliRun list = CliRun::exec({QStringLiteral("list"), QStringLiteral("--database"), database});
    QCOMPARE(list.exitCode, 13);
    QVERIFY2(list.errLine().contains(backend == u"sqlite" ? u"history database" : u"PostgreSQL"),
             list.err.constData());
    QVERIFY(!list.err.contains("s3cret-pw"));
}
