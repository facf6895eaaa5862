// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli's history commands (ask saving, list, show, search, rm), run as processes against
// both backends and the scripted OpenAI-compatible server.
#include "clirun.h"
#include "conversationrepository.h"
#include "database.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

class TestCliHistory : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    std::unique_ptr<HistoryDatabase> m_db;

    QStringList ask(const QString &prompt, const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("ask"), QStringLiteral("--base-url"),
                           m_server->baseUrl().toString(), QStringLiteral("--model"),
                           QStringLiteral("gpt-test")} +
               extra + QStringList{prompt};
    }

    void enqueueReply(const QStringList &deltas)
    {
        m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes()));
    }

    // Asks through the CLI, saving into the test database; returns the conversation's id.
    QString askAndSave(const QString &prompt, const QString &reply, const QStringList &extra = {})
    {
        enqueueReply({reply});
        const CliRun run = m_db->run(ask(prompt, extra));
        if (run.exitCode != 0 || run.out != reply.toUtf8())
            qWarning("ask failed (%d): %s %s", run.exitCode, run.out.constData(), run.err.constData());
        return HistoryDatabase::conversationId(run.err);
    }

    // Messages straight into the database, for what the CLI cannot make (pinned, archived).
    void seedConversations(int count)
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

private Q_SLOTS:
    void init()
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

    void cleanup()
    {
        m_db.reset();
        delete m_server;
        m_server = nullptr;
    }

    void askSavesANewConversation_data() { TestDatabases::addBackendRows(); }
    void askSavesANewConversation()
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

    void askContinuesAConversation_data() { TestDatabases::addBackendRows(); }
    void askContinuesAConversation()
    {
        const QString id = askAndSave(QStringLiteral("Name a colour."), QStringLiteral("Teal."),
                                      {QStringLiteral("--system"), QStringLiteral("One word.")});
        QVERIFY(!id.isEmpty());

        enqueueReply({QStringLiteral("Orange.")});
        const CliRun run =
            m_db->run(ask(QStringLiteral("And another?"), {QStringLiteral("--conversation"), id}));
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

    void interruptSavesTheStoppedReply_data() { TestDatabases::addBackendRows(); }
    void interruptSavesTheStoppedReply()
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

    void noSaveStoresNothing_data() { TestDatabases::addBackendRows(); }
    void noSaveStoresNothing()
    {
        enqueueReply({QStringLiteral("ephemeral")});
        const CliRun run = m_db->run(ask(QStringLiteral("Off the record"), {QStringLiteral("--no-save")}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("ephemeral"));
        QCOMPARE(run.err, QByteArray());
        QCOMPARE(m_db->list({QStringLiteral("--all")}), QJsonArray());
    }

    void databaseFromTheEnvironment_data() { TestDatabases::addBackendRows(); }
    void databaseFromTheEnvironment()
    {
        QProcessEnvironment env = CliRun::defaultEnvironment();
        env.insert(QStringLiteral("CONFAB_DATABASE"), m_db->argument());
        enqueueReply({QStringLiteral("from env")});
        const CliRun asked = CliRun::exec(ask(QStringLiteral("Where am I saved?")), {}, env);
        QCOMPARE(asked.exitCode, 0);
        const QString id = HistoryDatabase::conversationId(asked.err);
        QVERIFY(!id.isEmpty());
        const CliRun listed = CliRun::exec({QStringLiteral("list")}, {}, env);
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.startsWith(id.toUtf8()), listed.out.constData());
        // The command line wins over the environment.
        QCOMPARE(m_db->list().size(), 1);
    }

    void databaseFromTheSetting_data() { TestDatabases::addBackendRows(); }
    void databaseFromTheSetting()
    {
        // The setting lives in the settings file confab and confab-cli share; the environment
        // and the command line still win over it.
        QTemporaryDir config;
        QVERIFY(config.isValid());
        {
            QSettings settings(config.filePath(QStringLiteral("Confab/Confab.conf")), QSettings::IniFormat);
            settings.setValue(QStringLiteral("storage/database"), m_db->argument());
        }
        QProcessEnvironment env = CliRun::defaultEnvironment();
        env.remove(QStringLiteral("CONFAB_DATABASE"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        enqueueReply({QStringLiteral("from the setting")});
        const CliRun asked = CliRun::exec(ask(QStringLiteral("Where am I saved now?")), {}, env);
        QCOMPARE(asked.exitCode, 0);
        const QString id = HistoryDatabase::conversationId(asked.err);
        QVERIFY(!id.isEmpty());
        const QJsonArray listed = m_db->list();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(u"id").toString(), id);
    }

    void search_data() { TestDatabases::addBackendRows(); }
    void search()
    {
        const QString id = askAndSave(QStringLiteral("Tell me about the zebrafish"),
                                      QStringLiteral("A zebrafish is a small striped freshwater fish."));
        askAndSave(QStringLiteral("Something else entirely"), QStringLiteral("Nothing to see."));
        QVERIFY(!id.isEmpty());

        CliRun run =
            m_db->run({QStringLiteral("search"), QStringLiteral("striped"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray hits = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(hits.size(), 1);
        const QJsonObject hit = hits.at(0).toObject();
        QCOMPARE(hit.value(u"conversation_id").toString(), id);
        QCOMPARE(hit.value(u"title").toString(), QStringLiteral("Tell me about the zebrafish"));
        QVERIFY(!QUuid::fromString(hit.value(u"message_id").toString()).isNull());
        const QString snippet = hit.value(u"snippet").toString();
        QVERIFY2(snippet.contains(QStringLiteral("\x02striped\x03")), qPrintable(snippet));

        // Not a terminal: the match is marked with brackets.
        run = m_db->run({QStringLiteral("search"), QStringLiteral("striped")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(id.toUtf8() + "  Tell me about the zebrafish\n"), run.out.constData());
        QVERIFY2(run.out.contains("[striped]"), run.out.constData());
        QVERIFY(!run.out.contains('\x02'));

        run = m_db->run({QStringLiteral("search"), QStringLiteral("nowhere"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).array(), QJsonArray());
    }

    void rm_data() { TestDatabases::addBackendRows(); }
    void rm()
    {
        const QString gone = askAndSave(QStringLiteral("First"), QStringLiteral("one"));
        const QString kept = askAndSave(QStringLiteral("Second"), QStringLiteral("two"));
        QVERIFY(!gone.isEmpty() && !kept.isEmpty());
        CliRun run = m_db->run({QStringLiteral("rm"), gone});
        QCOMPARE(run.err, QByteArray());
        QCOMPARE(run.exitCode, 0);
        const QJsonArray list = m_db->list();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(u"id").toString(), kept);

        run = m_db->run({QStringLiteral("rm"), gone});
        QCOMPARE(run.exitCode, 12);
        QVERIFY2(run.errLine().contains(QStringLiteral("no conversation with id '%1'").arg(gone)),
                 run.err.constData());
        run = m_db->run({QStringLiteral("show"), gone});
        QCOMPARE(run.exitCode, 12);
        QVERIFY2(run.errLine().contains(u"no conversation"), run.err.constData());
        QCOMPARE(run.out, QByteArray());
        enqueueReply({QStringLiteral("unused")});
        run = m_db->run(ask(QStringLiteral("more"), {QStringLiteral("--conversation"), gone}));
        QCOMPARE(run.exitCode, 12);
        QCOMPARE(m_server->requestCount(), 2); // the two asks above, not this one
    }

    void listPagesAndFilters_data() { TestDatabases::addBackendRows(); }
    void listPagesAndFilters()
    {
        seedConversations(230); // more than a page
        if (QTest::currentTestFailed())
            return;
        const QJsonArray all = m_db->list();
        QCOMPARE(all.size(), 229); // not the archived one
        // Newest first, the pinned one in its place by date (229 … 012, 010, 009, 008, 007, …).
        QCOMPARE(all.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 229"));
        QCOMPARE(all.at(1).toObject().value(u"title").toString(), QStringLiteral("seeded 228"));
        QCOMPARE(all.at(221).toObject().value(u"title").toString(), QStringLiteral("seeded 007"));
        QCOMPARE(all.at(221).toObject().value(u"pinned"), QJsonValue(true));
        QCOMPARE(all.at(228).toObject().value(u"title").toString(), QStringLiteral("seeded 000"));
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i - 1).toObject().value(u"updated_at").toString() >
                    all.at(i).toObject().value(u"updated_at").toString());
        QStringList ids;
        for (const QJsonValue &value : all)
            ids.append(value.toObject().value(u"id").toString());
        ids.removeDuplicates();
        QCOMPARE(ids.size(), 229);

        QCOMPARE(m_db->list({QStringLiteral("--all")}).size(), 230);
        const QJsonArray archived = m_db->list({QStringLiteral("--archived")});
        QCOMPARE(archived.size(), 1);
        QCOMPARE(archived.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 011"));
        QCOMPARE(archived.at(0).toObject().value(u"archived"), QJsonValue(true));
        const QJsonArray three = m_db->list({QStringLiteral("--limit"), QStringLiteral("3")});
        // The old pinned conversation is not among the three newest.
        QCOMPARE(three.size(), 3);
        QCOMPARE(three.at(0).toObject().value(u"title").toString(), QStringLiteral("seeded 229"));
        QCOMPARE(three.at(2).toObject().value(u"title").toString(), QStringLiteral("seeded 227"));
        const CliRun text =
            m_db->run({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("2")});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out.count('\n'), 2);
        QVERIFY(text.out.contains("seeded 229\n"));
        QVERIFY(!text.out.contains("[pinned]"));
        QVERIFY(m_db->run({QStringLiteral("list")}).out.contains("[pinned] seeded 007\n"));
    }

    void storageFailureKeepsTheReply_data() { TestDatabases::addBackendRows(); }
    void storageFailureKeepsTheReply()
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

    void badDatabaseIsAUsageError_data()
    {
        QTest::addColumn<QString>("database");
        QTest::newRow("bad scheme") << QStringLiteral("mysql://root:s3cret-pw@localhost/db");
        QTest::newRow("bad port") << QStringLiteral("postgresql://root:s3cret-pw@localhost:notaport/db");
        QTest::newRow("no database name") << QStringLiteral("postgresql://root:s3cret-pw@localhost");
        QTest::newRow("empty") << QString();
    }
    void badDatabaseIsAUsageError()
    {
        QFETCH(QString, database);
        for (const QString &command :
             {QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("search"), QStringLiteral("rm"),
              QStringLiteral("ask")}) {
            QStringList arguments{command, QStringLiteral("--database"), database};
            if (command != u"list")
                arguments.append(QStringLiteral("00000000-0000-4000-8000-000000000000"));
            if (command == u"ask")
                arguments += {QStringLiteral("--base-url"), m_server->baseUrl().toString()};
            const CliRun run = CliRun::exec(arguments);
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.errLine().contains(u"database"), run.err.constData());
            QVERIFY2(!run.err.contains("s3cret-pw"), run.err.constData());
        }
        // The environment is checked the same way.
        QProcessEnvironment env = CliRun::defaultEnvironment();
        env.insert(QStringLiteral("CONFAB_DATABASE"), database);
        if (!database.isEmpty()) {
            const CliRun run = CliRun::exec({QStringLiteral("list")}, {}, env);
            QCOMPARE(run.exitCode, 2);
            QVERIFY(!run.err.contains("s3cret-pw"));
        }
        QCOMPARE(m_server->requestCount(), 0);
    }

    void usageErrors()
    {
        QCOMPARE(CliRun::exec({QStringLiteral("show")}).exitCode, 2);
        QCOMPARE(CliRun::exec({QStringLiteral("rm")}).exitCode, 2);
        QCOMPARE(CliRun::exec({QStringLiteral("search")}).exitCode, 2);
        QCOMPARE(CliRun::exec({QStringLiteral("list"), QStringLiteral("extra")}).exitCode, 2);
        QCOMPARE(
            CliRun::exec({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("0")}).exitCode,
            2);
        QCOMPARE(CliRun::exec({QStringLiteral("list"), QStringLiteral("--archived"), QStringLiteral("--all")})
                     .exitCode,
                 2);
        const CliRun run =
            CliRun::exec({QStringLiteral("ask"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                          QStringLiteral("--conversation"), QStringLiteral("nope"), QStringLiteral("hi")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errLine().contains(u"--conversation"), run.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void helpListsTheCommandsAndCodes()
    {
        const CliRun top = CliRun::exec({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        for (const char *text : {"list ", "show ID", "search QUERY", "rm ID", "CONFAB_DATABASE",
                                 "12  no such", "13  the history database"})
            QVERIFY2(top.out.contains(text), text);
        for (const QString &command : {QStringLiteral("list"), QStringLiteral("show"),
                                       QStringLiteral("search"), QStringLiteral("rm")}) {
            const CliRun run = CliRun::exec({command, QStringLiteral("--help")});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(run.out.contains("--database"));
            QVERIFY(run.out.contains("12  no such conversation"));
            QCOMPARE(run.out.contains("--json"), command != u"rm");
        }
        const CliRun ask = CliRun::exec({QStringLiteral("ask"), QStringLiteral("--help")});
        for (const char *text : {"--conversation", "--no-save", "--database"})
            QVERIFY2(ask.out.contains(text), text);
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_clihistory.moc"
