// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"
#include "migrations.h"
#include "testdatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

using Kind = StorageError::Kind;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return geteuid() == 0;
#else
    return false;
#endif
}

const QString insertConversation = QStringLiteral(
    "INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('%1', 'title', 1, 1)");

} // namespace

class TestDatabaseOpen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteSettings()
    {
        Database db(sqliteConfig(QStringLiteral("history.sqlite")));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QVERIFY(db.isOpen());
        QCOMPARE(db.dialect(), Database::Dialect::Sqlite);
        QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
        QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
        QVERIFY(QFileInfo::exists(db.config().sqlitePath + QStringLiteral("-wal")));

        // Foreign keys are enforced, and deleting a conversation takes its messages.
        QSqlQuery query(db.connection());
        QVERIFY(
            !query.exec(QStringLiteral("INSERT INTO messages (id, conversation_id, role, status, created_at, "
                                       "updated_at) VALUES ('m', 'missing', 'user', 'complete', 1, 1)")));
        QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
        QVERIFY(
            query.exec(QStringLiteral("INSERT INTO messages (id, conversation_id, role, status, created_at, "
                                      "updated_at) VALUES ('m', 'c', 'user', 'complete', 1, 1)")));
        QVERIFY(query.exec(QStringLiteral("DELETE FROM conversations")));
        QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
    }

    // The database, its -wal and -shm and the folders made for them are the user's only,
    // whatever the umask.
    void filesAreOwnerOnly()
    {
#ifdef Q_OS_UNIX
        const mode_t umaskBefore = ::umask(022);
        const auto restore = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        const QString path = m_dir.filePath(QStringLiteral("private/data/history.sqlite"));
        Database db(sqliteConfig(path));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
        const auto mode = [](const QString &file) {
            struct stat info
            {
            };
            return ::stat(QFile::encodeName(file).constData(), &info) == 0 ? info.st_mode & 07777 : 0;
        };
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QCOMPARE(mode(path + suffix), mode_t(0600));
        QCOMPARE(mode(m_dir.filePath(QStringLiteral("private/data"))), mode_t(0700));
        QCOMPARE(mode(m_dir.filePath(QStringLiteral("private"))), mode_t(0700));
#else
        QSKIP("file modes are a Unix matter");
#endif
    }

    void createsTheFolder()
    {
        const QString path = m_dir.filePath(QStringLiteral("a/b/c/history.sqlite"));
        Database db(sqliteConfig(path));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QVERIFY(QFileInfo::exists(path));
    }

    void transactionCommitsAndRollsBack()
    {
        Database db(sqliteConfig(QStringLiteral("transactions.sqlite")));
        QVERIFY(!db.open().isError());
        StorageError error = db.transaction([&] {
            QSqlQuery query(db.connection());
            if (!query.exec(insertConversation.arg(QStringLiteral("kept"))))
                return db.errorFrom(query, QStringLiteral("cannot save"));
            return StorageError{};
        });
        QVERIFY2(!error.isError(), qPrintable(error.message));
        error = db.transaction([&] {
            QSqlQuery query(db.connection());
            query.exec(insertConversation.arg(QStringLiteral("dropped")));
            return StorageError{Kind::Other, QStringLiteral("changed my mind"), {}};
        });
        QCOMPARE(error.kind, Kind::Other);
        QCOMPARE(
            scalar(db.connection(), QStringLiteral("SELECT group_concat(id) FROM conversations")).toString(),
            QStringLiteral("kept"));
    }

    void notADatabaseIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QByteArray garbage;
        for (int i = 0; i < 1000; ++i)
            garbage += "this is certainly not a SQLite database ";
        writeFile(path, garbage);
        writeFile(path + QStringLiteral("-wal"), "stale wal");

        Database db(sqliteConfig(path));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        checkMovedAside(db, path, garbage);
    }

    void damagedDatabaseIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.sqlite"));
        {
            Database db(sqliteConfig(path));
            QVERIFY(!db.open().isError());
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE filler (x TEXT)")));
            QVERIFY(query.exec(QStringLiteral("CREATE INDEX filler_x ON filler (x)")));
            for (int i = 0; i < 400; ++i)
                QVERIFY(query.exec(QStringLiteral("INSERT INTO filler VALUES (hex(randomblob(200)))")));
        }
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal"))); // checkpointed on close
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY(size > 20 * 4096);
        // Scribble over pages in the middle; the header (page 1) stays valid.
        file.seek(size / 2);
        file.write(QByteArray(8 * 4096, '\x5a'));
        file.close();
        QFile damaged(path);
        QVERIFY(damaged.open(QIODevice::ReadOnly));
        const QByteArray damagedBytes = damaged.readAll();
        damaged.close();

        Database db(sqliteConfig(path));
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        checkMovedAside(db, path, damagedBytes);
    }

    // Root writes through any permission bits (the CI runs as root), so there the fault is a
    // connection SQLite itself opens read-only (QSQLITE_OPEN_READONLY): a genuine
    // SQLITE_READONLY. Elsewhere it is the file mode 0444 in a folder of mode 0555. The history
    // is then opened for reading only, and says why nothing can be saved (tst_clistoragestate
    // has a real read-only and a real full file system).
    void readOnly()
    {
        const QString folder = m_dir.filePath(QStringLiteral("readonly"));
        const QString path = QDir(folder).filePath(QStringLiteral("history.sqlite"));
        {
            Database db(sqliteConfig(path));
            QVERIFY(!db.open().isError());
        }
        DatabaseConfig config = sqliteConfig(path);
        const auto writable = QFile::permissions(folder);
        if (runningAsRoot()) {
            config.connectOptions = QStringLiteral("QSQLITE_OPEN_READONLY");
        } else {
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
            QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                      QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        }
        Database db(config);
        const StorageError opened = db.open();
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(folder, writable);
            QFile::setPermissions(path, writable);
        });
        QVERIFY2(!opened.isError(), qPrintable(opened.message));
        QVERIFY(db.isOpen());
        QVERIFY(db.isReadOnly());
        const StorageError error = db.readOnlyReason();
        QCOMPARE(error.kind, Kind::ReadOnly);
        QVERIFY2(error.message.contains(QDir::toNativeSeparators(runningAsRoot() ? path : folder)),
                 qPrintable(error.message));
        QVERIFY2(error.message.contains(u"writable"), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"read-only"), qPrintable(error.message));
        QVERIFY(!error.isTransient());
        // What is there can be read.
        QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM conversations")).toInt(), 0);
    }

    // A write on a connection SQLite opened read-only fails with SQLITE_READONLY.
    void readOnlyWriteIsMapped()
    {
        const QString path = m_dir.filePath(QStringLiteral("readonly-write.sqlite"));
        Database db(sqliteConfig(path));
        QVERIFY(!db.open().isError());
        const QString name = QStringLiteral("readonly-write");
        {
            QSqlDatabase reader = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            reader.setDatabaseName(path);
            reader.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(reader.open());
            QSqlQuery query(reader);
            QVERIFY(!query.exec(insertConversation.arg(QStringLiteral("x"))));
            const StorageError error = db.errorFrom(query, QStringLiteral("cannot save the conversation"));
            QCOMPARE(error.kind, Kind::ReadOnly);
            QVERIFY2(error.message.startsWith(u"cannot save the conversation: "), qPrintable(error.message));
            QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
        }
        QSqlDatabase::removeDatabase(name);
    }

    void diskFull()
    {
        Database db(sqliteConfig(QStringLiteral("full.sqlite")));
        QVERIFY(!db.open().isError());
        QSqlQuery query(db.connection());
        const int pages = scalar(db.connection(), QStringLiteral("PRAGMA page_count")).toInt();
        QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)));
        QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
        QVERIFY(query.prepare(
            QStringLiteral("INSERT INTO messages (id, conversation_id, role, content, status, "
                           "created_at, updated_at) VALUES ('m', 'c', 'user', ?, 'complete', 1, "
                           "1)")));
        query.addBindValue(QString(200000, u'x'));
        QVERIFY(!query.exec());
        const StorageError error = db.errorFrom(query, QStringLiteral("cannot save the message"));
        QCOMPARE(error.kind, Kind::DiskFull);
        QVERIFY(error.isTransient());
        QVERIFY2(error.message.contains(u"full"), qPrintable(error.message));
    }

    void locked()
    {
        const QString path = m_dir.filePath(QStringLiteral("locked.sqlite"));
        Database db(sqliteConfig(path));
        QVERIFY(!db.open().isError());
        const QString name = QStringLiteral("locker");
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery hold(locker);
            QVERIFY(hold.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY(hold.exec(insertConversation.arg(QStringLiteral("theirs"))));

            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("PRAGMA busy_timeout = 100")));
            QElapsedTimer timer;
            timer.start();
            QVERIFY(!query.exec(insertConversation.arg(QStringLiteral("ours"))));
            const StorageError error = db.errorFrom(query, QStringLiteral("cannot save the conversation"));
            QCOMPARE(error.kind, Kind::Locked);
            QVERIFY(error.isTransient());
            QVERIFY(timer.elapsed() < 4000);
            QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
            QVERIFY(query.exec(insertConversation.arg(QStringLiteral("ours"))));
        }
        QSqlDatabase::removeDatabase(name);
    }

    // Opening while another process writes does not fail: it is not ours to wait for.
    void openWhileAnotherWrites()
    {
        const QString path = m_dir.filePath(QStringLiteral("busy.sqlite"));
        {
            Database db(sqliteConfig(path));
            QVERIFY(!db.open().isError());
        }
        const QString name = QStringLiteral("writer");
        {
            QSqlDatabase writer = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            writer.setDatabaseName(path);
            QVERIFY(writer.open());
            QSqlQuery hold(writer);
            QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE")));
            Database db(sqliteConfig(path));
            const StorageError error = db.open();
            QVERIFY2(!error.isError(), qPrintable(error.message));
            QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(name);
    }

    void postgresUnreachable()
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

    void postgresWrongPassword()
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

    void postgresErrors()
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

    void errorMapping_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("text");
        QTest::addColumn<StorageError::Kind>("kind");

        const int statement = QSqlError::StatementError;
        QTest::newRow("sqlite full") << false << QStringLiteral("13") << statement << QString()
                                     << Kind::DiskFull;
        QTest::newRow("sqlite readonly")
            << false << QStringLiteral("8") << statement << QString() << Kind::ReadOnly;
        QTest::newRow("sqlite readonly, extended")
            << false << QString::number(8 | (1 << 8)) << statement << QString() << Kind::ReadOnly;
        QTest::newRow("sqlite busy") << false << QStringLiteral("5") << statement << QString()
                                     << Kind::Locked;
        QTest::newRow("sqlite locked")
            << false << QStringLiteral("6") << statement << QString() << Kind::Locked;
        QTest::newRow("sqlite corrupt")
            << false << QStringLiteral("11") << statement << QString() << Kind::Corrupt;
        QTest::newRow("sqlite notadb")
            << false << QStringLiteral("26") << statement << QString() << Kind::Corrupt;
        QTest::newRow("sqlite constraint")
            << false << QStringLiteral("19") << statement << QString() << Kind::Other;
        QTest::newRow("pg connection")
            << true << QStringLiteral("08006") << statement << QString() << Kind::Unavailable;
        QTest::newRow("pg connection error type")
            << true << QString() << int(QSqlError::ConnectionError) << QString() << Kind::Unavailable;
        QTest::newRow("pg server closed")
            << true << QString() << statement << QStringLiteral("server closed the connection unexpectedly")
            << Kind::Unavailable;
        QTest::newRow("pg no connection")
            << true << QString() << statement << QStringLiteral("no connection to the server")
            << Kind::Unavailable;
        QTest::newRow("pg admin shutdown")
            << true << QStringLiteral("57P01") << statement << QString() << Kind::Unavailable;
        QTest::newRow("pg disk full")
            << true << QStringLiteral("53100") << statement << QString() << Kind::DiskFull;
        QTest::newRow("pg read only")
            << true << QStringLiteral("25006") << statement << QString() << Kind::ReadOnly;
        QTest::newRow("pg serialization")
            << true << QStringLiteral("40001") << statement << QString() << Kind::Locked;
        QTest::newRow("pg deadlock") << true << QStringLiteral("40P01") << statement << QString()
                                     << Kind::Locked;
        QTest::newRow("pg unique") << true << QStringLiteral("23505") << statement << QString()
                                   << Kind::Other;
        QTest::newRow("pg syntax") << true << QStringLiteral("42601") << statement << QString()
                                   << Kind::Other;
    }

    void errorMapping()
    {
        QFETCH(bool, postgres);
        QFETCH(QString, code);
        QFETCH(int, type);
        QFETCH(QString, text);
        QString why;
        const auto config =
            postgres ? DatabaseConfig::parse(QStringLiteral("postgresql://u:Hunter2Secret@h/db"), &why)
                     : DatabaseConfig::parse(m_dir.filePath(QStringLiteral("x.sqlite")), &why);
        QVERIFY2(config, qPrintable(why));
        const Database db(*config);
        const QSqlError error(text, QStringLiteral("said the driver (Hunter2Secret)"),
                              QSqlError::ErrorType(type), code);
        const StorageError mapped = db.errorFrom(error, QStringLiteral("cannot do it"));
        QTEST(mapped.kind, "kind");
        QVERIFY2(mapped.message.startsWith(u"cannot do it: "), qPrintable(mapped.message));
        if (postgres) {
            QVERIFY(!mapped.message.contains(u"Hunter2Secret"));
            QVERIFY(!mapped.detail.contains(u"Hunter2Secret"));
        }
    }

private:
    DatabaseConfig sqliteConfig(const QString &name)
    {
        QString error;
        const auto config = DatabaseConfig::parse(QDir(m_dir.path()).filePath(name), &error);
        if (!config)
            qFatal("%s", qPrintable(error));
        return *config;
    }

    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(bytes), bytes.size());
    }

    static void checkMovedAside(Database &db, const QString &path, const QByteArray &oldBytes)
    {
        QVERIFY(!db.movedAsidePath().isEmpty());
        QVERIFY2(db.movedAsidePath().startsWith(path + QStringLiteral(".corrupt-")),
                 qPrintable(db.movedAsidePath()));
        QFile moved(db.movedAsidePath());
        QVERIFY(moved.open(QIODevice::ReadOnly));
        QCOMPARE(moved.readAll(), oldBytes);
        QCOMPARE(Migrations::currentVersion(db, nullptr), Migrations::latestVersion());
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(insertConversation.arg(QStringLiteral("fresh"))));
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDatabaseOpen)
#include "tst_databaseopen.moc"
