// SPDX-License-Identifier: GPL-3.0-or-later
// TestCliHistory, continued: which database, and usage errors and help.
#include "tst_clihistory.h"

void TestCliHistory::databaseFromTheEnvironment_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::databaseFromTheEnvironment()
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

void TestCliHistory::databaseFromTheSetting_data()
{
    TestDatabases::addBackendRows();
}

void TestCliHistory::databaseFromTheSetting()
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

void TestCliHistory::badDatabaseIsAUsageError_data()
{
    QTest::addColumn<QString>("database");
    QTest::newRow("bad scheme") << QStringLiteral("mysql://root:s3cret-pw@localhost/db");
    QTest::newRow("bad port") << QStringLiteral("postgresql://root:s3cret-pw@localhost:notaport/db");
    QTest::newRow("no database name") << QStringLiteral("postgresql://root:s3cret-pw@localhost");
    QTest::newRow("empty") << QString();
}

void TestCliHistory::badDatabaseIsAUsageError()
{
    QFETCH(QString, database);
    for (const QString &command : {QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("search"),
                                   QStringLiteral("rm"), QStringLiteral("ask")}) {
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

void TestCliHistory::usageErrors()
{
    QCOMPARE(CliRun::exec({QStringLiteral("show")}).exitCode, 2);
    QCOMPARE(CliRun::exec({QStringLiteral("rm")}).exitCode, 2);
    QCOMPARE(CliRun::exec({QStringLiteral("search")}).exitCode, 2);
    QCOMPARE(CliRun::exec({QStringLiteral("list"), QStringLiteral("extra")}).exitCode, 2);
    QCOMPARE(CliRun::exec({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("0")}).exitCode,
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

void TestCliHistory::helpListsTheCommandsAndCodes()
{
    const CliRun top = CliRun::exec({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    for (const char *text : {"list ", "show ID", "search QUERY", "rm ID", "CONFAB_DATABASE", "12  no such",
                             "13  the history database"})
        QVERIFY2(top.out.contains(text), text);
    for (const QString &command :
         {QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("search"), QStringLiteral("rm")}) {
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
