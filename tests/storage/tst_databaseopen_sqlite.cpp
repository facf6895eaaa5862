// SPDX-License-Identifier: GPL-3.0-or-later
// TestDatabaseOpen, continued: the SQLite file, its settings and a damaged one moved aside.
#include "tst_databaseopen.h"

void TestDatabaseOpen::sqliteSettings()
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
    QVERIFY(!query.exec(QStringLiteral("INSERT INTO messages (id, conversation_id, role, status, created_at, "
                                       "updated_at) VALUES ('m', 'missing', 'user', 'complete', 1, 1)")));
    QVERIFY(query.exec(insertConversation.arg(QStringLiteral("c"))));
    QVERIFY(query.exec(QStringLiteral("INSERT INTO messages (id, conversation_id, role, status, created_at, "
                                      "updated_at) VALUES ('m', 'c', 'user', 'complete', 1, 1)")));
    QVERIFY(query.exec(QStringLiteral("DELETE FROM conversations")));
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
}

// The database, its -wal and -shm and the folders made for them are the user's only,
// whatever the umask.
void TestDatabaseOpen::filesAreOwnerOnly()
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

void TestDatabaseOpen::createsTheFolder()
{
    const QString path = m_dir.filePath(QStringLiteral("a/b/c/history.sqlite"));
    Database db(sqliteConfig(path));
    const StorageError error = db.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(QFileInfo::exists(path));
}

void TestDatabaseOpen::transactionCommitsAndRollsBack()
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
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT group_concat(id) FROM conversations")).toString(),
             QStringLiteral("kept"));
}

void TestDatabaseOpen::notADatabaseIsMovedAside()
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

void TestDatabaseOpen::damagedDatabaseIsMovedAside()
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
