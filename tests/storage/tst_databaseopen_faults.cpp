// SPDX-License-Identifier: GPL-3.0-or-later
// TestDatabaseOpen, continued: read-only, full and locked databases.
#include "tst_databaseopen.h"

// Root writes through any permission bits (the CI runs as root), so there the fault is a
// connection SQLite itself opens read-only (QSQLITE_OPEN_READONLY): a genuine
// SQLITE_READONLY. Elsewhere it is the file mode 0444 in a folder of mode 0555. The history
// is then opened for reading only, and says why nothing can be saved (tst_clistoragestate
// has a real read-only and a real full file system).
void TestDatabaseOpen::readOnly()
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
void TestDatabaseOpen::readOnlyWriteIsMapped()
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

void TestDatabaseOpen::diskFull()
{
    Database db(sqliteConfig(QStringLiteral("full.sqlite")));
    QVERIFY(!db.open().isError());
    QSqlQuery query(db.connection());
    const int pages = scalar(db.connection(), QStringLiteral("PRAGMA page_count")).toInt();
    QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)));
    QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
    QVERIFY(
        query.prepare(QStringLiteral("INSERT INTO messages (id, conversation_id, role, content, status, "
                                     "created_at, updated_at) VALUES ('m', 'c', 'user', ?, 'complete', 1, "
                                     "1)")));
    query.addBindValue(QString(200000, u'x'));
    QVERIFY(!query.exec());
    const StorageError error = db.errorFrom(query, QStringLiteral("cannot save the message"));
    QCOMPARE(error.kind, Kind::DiskFull);
    QVERIFY(error.isTransient());
    QVERIFY2(error.message.contains(u"full"), qPrintable(error.message));
}

void TestDatabaseOpen::locked()
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
void TestDatabaseOpen::openWhileAnotherWrites()
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
