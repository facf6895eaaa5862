// SPDX-License-Identifier: GPL-3.0-or-later
// TestDatabaseOpen, continued: PostgreSQL failures and how driver errors map to StorageError.
#include "tst_databaseopen.h"

void TestDatabaseOpen::postgresUnreachable()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    QString why;
    const auto config = DatabaseConfig::parse(
        QStringLiteral("postgresql://confab:Hunter2Secret@127.0.0.1:%1/confab").arg(port), &why);
    QVERIFY2(config, qPrintable(why));
    Database db(*config);
    QElapsedTimer timer;
    timer.start();
    const StorageError error = db.open();
    QCOMPARE(error.kind, Kind::Unavailable);
    QVERIFY(error.isTransient());
    QVERIFY2(error.message.contains(
                 QStringLiteral("cannot reach the PostgreSQL server at 127.0.0.1:%1").arg(port)),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(u"check that it is running"), qPrintable(error.message));
    QVERIFY(!error.message.contains(u"Hunter2Secret"));
    QVERIFY(!error.detail.contains(u"Hunter2Secret"));
    QVERIFY(!db.isOpen());
    QVERIFY(timer.elapsed() < 10000);
}

void TestDatabaseOpen::postgresWrongPassword()
{
    QString why;
    const auto fresh = TestDatabases::fresh(QStringLiteral("postgres"), m_dir.path(), &why);
    QVERIFY2(fresh, qPrintable(why));
    DatabaseConfig config = *fresh;
    config.user = QStringLiteral("nobody_here");
    config.password = QStringLiteral("Hunter2Secret");
    Database db(config);
    const StorageError error = db.open();
    // The test server trusts every local login, so the role's absence is what it reports.
    QCOMPARE(error.kind, Kind::Invalid);
    QVERIFY2(error.message.contains(u"nobody_here"), qPrintable(error.message));
    QVERIFY(!error.message.contains(u"Hunter2Secret"));
}

void TestDatabaseOpen::postgresErrors()
{
    QString why;
    const auto config = TestDatabases::fresh(QStringLiteral("postgres"), m_dir.path(), &why);
    QVERIFY2(config, qPrintable(why));
    Database db(*config);
    StorageError error = db.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QSqlQuery query(db.connection());

    // 23505: a constraint, reported with the server's words.
    QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
    QVERIFY(!query.exec(insertConversation.arg(QStringLiteral("c"))));
    error = db.errorFrom(query, QStringLiteral("cannot save the conversation"));
    QCOMPARE(error.kind, Kind::Other);
    QVERIFY2(error.message.contains(u"conversations_pkey"), qPrintable(error.message));

    // 25006: a read-only transaction.
    error = db.transaction([&] {
        QSqlQuery inner(db.connection());
        inner.exec(QStringLiteral("SET TRANSACTION READ ONLY"));
        if (!inner.exec(insertConversation.arg(QStringLiteral("d"))))
            return db.errorFrom(inner, QStringLiteral("cannot save the conversation"));
        return StorageError{};
    });
    QCOMPARE(error.kind, Kind::ReadOnly);

    // The server ends our session: the connection is lost, then found again.
    const QString pid = scalar(db.connection(), QStringLiteral("SELECT pg_backend_pid()")).toString();
    {
        Database other(*config);
        QVERIFY(!other.open().isError());
        QSqlQuery kill(other.connection());
        QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)));
        // pg_terminate_backend only signals it: wait until the session has really gone.
        QTRY_VERIFY_WITH_TIMEOUT(
            kill.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) &&
                kill.next() && kill.value(0).toInt() == 0,
            30000);
    }
    QVERIFY(!query.exec(QStringLiteral("SELECT 1")));
    error = db.errorFrom(query, QStringLiteral("cannot read the conversations"));
    QCOMPARE(error.kind, Kind::Unavailable);
    QVERIFY(error.isTransient());
    query = QSqlQuery();
    error = db.transaction([&] {
        QSqlQuery again(db.connection());
        if (!again.exec(insertConversation.arg(QStringLiteral("after"))))
            return db.errorFrom(again, QStringLiteral("cannot save the conversation"));
        return StorageError{};
    });
    QVERIFY2(!error.isError(), qPrintable(error.message + QStringLiteral(" / ") + error.detail));
}

void TestDatabaseOpen::errorMapping_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<StorageError::Kind>("kind");

    const int statement = QSqlError::StatementError;
    QTest::newRow("sqlite full") << false << QStringLiteral("13") << statement << QString() << Kind::DiskFull;
    QTest::newRow("sqlite readonly") << false << QStringLiteral("8") << statement << QString()
                                     << Kind::ReadOnly;
    QTest::newRow("sqlite readonly, extended")
        << false << QString::number(8 | (1 << 8)) << statement << QString() << Kind::ReadOnly;
    QTest::newRow("sqlite busy") << false << QStringLiteral("5") << statement << QString() << Kind::Locked;
    QTest::newRow("sqlite locked") << false << QStringLiteral("6") << statement << QString() << Kind::Locked;
    QTest::newRow("sqlite corrupt") << false << QStringLiteral("11") << statement << QString()
                                    << Kind::Corrupt;
    QTest::newRow("sqlite notadb") << false << QStringLiteral("26") << statement << QString()
                                   << Kind::Corrupt;
    QTest::newRow("sqlite constraint")
        << false << QStringLiteral("19") << statement << QString() << Kind::Other;
    QTest::newRow("pg connection") << true << QStringLiteral("08006") << statement << QString()
                                   << Kind::Unavailable;
    QTest::newRow("pg connection error type")
        << true << QString() << int(QSqlError::ConnectionError) << QString() << Kind::Unavailable;
    QTest::newRow("pg server closed")
        << true << QString() << statement << QStringLiteral("server closed the connection unexpectedly")
        << Kind::Unavailable;
    QTest::newRow("pg no connection") << true << QString() << statement
                                      << QStringLiteral("no connection to the server") << Kind::Unavailable;
    QTest::newRow("pg admin shutdown")
        << true << QStringLiteral("57P01") << statement << QString() << Kind::Unavailable;
    QTest::newRow("pg disk full") << true << QStringLiteral("53100") << statement << QString()
                                  << Kind::DiskFull;
    QTest::newRow("pg read only") << true << QStringLiteral("25006") << statement << QString()
                                  << Kind::ReadOnly;
    QTest::newRow("pg serialization")
        << true << QStringLiteral("40001") << statement << QString() << Kind::Locked;
    QTest::newRow("pg deadlock") << true << QStringLiteral("40P01") << statement << QString() << Kind::Locked;
    QTest::newRow("pg unique") << true << QStringLiteral("23505") << statement << QString() << Kind::Other;
    QTest::newRow("pg syntax") << true << QStringLiteral("42601") << statement << QString() << Kind::Other;
}

void TestDatabaseOpen::errorMapping()
{
    QFETCH(bool, postgres);
    QFETCH(QString, code);
    QFETCH(int, type);
    QFETCH(QString, text);
    QString why;
    const auto config = postgres
                            ? DatabaseConfig::parse(QStringLiteral("postgresql://u:Hunter2Secret@h/db"), &why)
                            : DatabaseConfig::parse(m_dir.filePath(QStringLiteral("x.sqlite")), &why);
    QVERIFY2(config, qPrintable(why));
    const Database db(*config);
    const QSqlError error(text, QStringLiteral("said the driver (Hunter2Secret)"), QSqlError::ErrorType(type),
                          code);
    const StorageError mapped = db.errorFrom(error, QStringLiteral("cannot do it"));
    QTEST(mapped.kind, "kind");
    QVERIFY2(mapped.message.startsWith(u"cannot do it: "), qPrintable(mapped.message));
    if (postgres) {
        QVERIFY(!mapped.message.contains(u"Hunter2Secret"));
        QVERIFY(!mapped.detail.contains(u"Hunter2Secret"));
    }
}
