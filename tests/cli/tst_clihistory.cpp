// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli's history commands (ask saving, list, show, search, rm), run as processes against
// both backends and the scripted OpenAI-compatible server.
#include "tst_clihistory.h"

QStringList TestCliHistory::ask(const QString &prompt, const QStringList &extra) const
{
    return QStringList{QStringLiteral("ask"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                       QStringLiteral("--model"), QStringLiteral("gpt-test")} +
           extra + QStringList{prompt};
}

void TestCliHistory::enqueueReply(const QStringList &deltas)
{
    m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes()));
}

// Asks through the CLI, saving into the test database; returns the conversation's id.
QString TestCliHistory::askAndSave(const QString &prompt, const QString &reply, const QStringList &extra)
{
    enqueueReply({reply});
    const CliRun run = m_db->run(ask(prompt, extra));
    if (run.exitCode != 0 || run.out != reply.toUtf8())
        qWarning("ask failed (%d): %s %s", run.exitCode, run.out.constData(), run.err.constData());
    return HistoryDatabase::conversationId(run.err);
}

// Messages straight into the database, for what the CLI cannot make (pinned, archived).
void TestCliHistory::seedConversations(int count)
{
    Database db(m_db->config());
    StorageError error = db.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    ConversationRepository repository(db);
    const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-1);
    for (int i = 0; i < count; ++i) {
        ConversationRecord c;
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        c.title = QStringLiteral("seeded %1").arg(i, 3, 10, QLatin1Char('0'));
        c.createdAt = base.addSecs(i);
        c.updatedAt = base.addSecs(i);
        c.pinned = i == 7;
        c.archived = i == 11;
        error = repository.saveConversation(c);
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }
}

void TestCliHistory::init()
{
    m_server = new ScriptedServer(this);
    QVERIFY(m_server->listen());
    if (QTest::currentDataTag() &&
        TestDatabases::backends().contains(QLatin1String(QTest::currentDataTag()))) {
        QFETCH(QString, backend);
        m_db = std::make_unique<HistoryDatabase>(backend);
        QVERIFY2(m_db->error().isEmpty(), qPrintable(m_db->error()));
    }
}

void TestCliHistory::cleanup()
{
    m_db.reset();
    delete m_server;
    m_server = nullptr;
}

QTEST_GUILESS_MAIN(TestCliHistory)
