// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"
#include "migrations.h"
#include "testdatabases.h"

#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <memory>

using Kind = StorageError::Kind;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Runs one statement with bound values; on failure says why in `error`.
bool exec(Database &db, const QString &sql, const QVariantList &values = {}, QString *error = nullptr)
{
    QSqlQuery query(db.connection());
    // PostgreSQL prepares only queries and DML: run anything else directly.
    if (values.isEmpty() ? !query.exec(sql) : !query.prepare(sql)) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!values.isEmpty() && !query.exec()) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    return true;
}

qint64 scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!(values.isEmpty() ? query.exec(sql) : query.exec()) || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

// The first column of the first row, as the driver returns it.
QVariant value(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &bound : values)
        query.addBindValue(bound);
    if (!query.exec() || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

// How many messages (or conversations, by title) the index finds for a word's prefix.
qint64 found(Database &db, const QString &word, bool titles = false)
{
    if (db.dialect() == Database::Dialect::Sqlite) {
        return titles
                   ? scalar(db,
                            QStringLiteral("SELECT count(*) FROM conversations_fts WHERE conversations_fts "
                                           "MATCH ?"),
                            {QStringLiteral("\"%1\"*").arg(word)})
                   : scalar(db,
                            QStringLiteral("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?"),
                            {QStringLiteral("\"%1\"*").arg(word)});
    }
    return scalar(db,
                  QStringLiteral("SELECT count(*) FROM %1 WHERE search @@ to_tsquery('simple', "
                                 "confab_unaccent(?) || ':*')")
                      .arg(titles ? QStringLiteral("conversations") : QStringLiteral("messages")),
                  {word});
}

bool unaccentAvailable(Database &db)
{
    if (db.dialect() == Database::Dialect::Sqlite)
        return true;
    return scalar(db, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'")) == 1;
}

// A conversation with two messages, written with the columns the given version has.
bool addConversation(Database &db, int version, const QString &title, const QString &question,
                     const QString &answer, QString *error)
{
    const QString conversation = newId();
    const QString first = newId();
    const qint64 now = 1700000000000;
    if (!exec(db,
              QStringLiteral(
                  "INSERT INTO conversations (id, title, created_at, updated_at, current_leaf_id) VALUES "
                  "(?, ?, ?, ?, NULL)"),
              {conversation, title, now, now}, error))
        return false;
    const QString messageSql =
        QStringLiteral("INSERT INTO messages (id, conversation_id, parent_id, role, "
                       "content, status, created_at, updated_at%1) VALUES (?, ?, ?, ?, "
                       "?, 'complete', ?, ?%2)")
            .arg(version >= 2 ? QStringLiteral(", writer_id") : QString(),
                 version >= 2 ? QStringLiteral(", NULL") : QString());
    if (!exec(db, messageSql, {first, conversation, QVariant(), QStringLiteral("user"), question, now, now},
              error))
        return false;
    return exec(db, messageSql,
                {newId(), conversation, first, QStringLiteral("assistant"), answer, now + 1, now + 1}, error);
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshToLatest_data() { TestDatabases::addBackendRows(); }
    void freshToLatest()
    {
        QFETCH(QString, backend);
        Database db(freshConfig(backend));
        QVERIFY(!QTest::currentTestFailed());
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QCOMPARE(Migrations::currentVersion(db, nullptr), Migrations::latestVersion());
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM schema_version")), 1);

        QString why;
        QVERIFY2(addConversation(db, Migrations::latestVersion(), QStringLiteral("Soup ideas"),
                                 QStringLiteral("How do I make gazpacho?"),
                                 QStringLiteral("Blend tomatoes, cucumber and garlic."), &why),
                 qPrintable(why));
        QVERIFY(
            exec(db, QStringLiteral("INSERT INTO instances VALUES (?, 'host', 42, 1, 1)"), {newId()}, &why));
        QCOMPARE(found(db, QStringLiteral("gazp")), 1);
        QCOMPARE(found(db, QStringLiteral("cucumber")), 1);
        QCOMPARE(found(db, QStringLiteral("soup"), true), 1);
        QCOMPARE(found(db, QStringLiteral("nothing")), 0);

        // The constraints of the schema hold.
        QVERIFY(!exec(db, QStringLiteral(
                              "INSERT INTO messages (id, conversation_id, role, status, created_at, "
                              "updated_at) VALUES ('x', 'no-such-conversation', 'user', 'complete', 1, 1)")));
        QVERIFY(!exec(db, QStringLiteral("UPDATE messages SET role = 'robot'")));
        QVERIFY(!exec(db, QStringLiteral("UPDATE messages SET status = 'done'")));

        // The index follows edits and deletions.
        QVERIFY(exec(db,
                     QStringLiteral("UPDATE messages SET content = 'Chop peppers instead.' WHERE role = "
                                    "'assistant'"),
                     {}, &why));
        QCOMPARE(found(db, QStringLiteral("cucumber")), 0);
        QCOMPARE(found(db, QStringLiteral("peppers")), 1);
        QVERIFY(exec(db, QStringLiteral("DELETE FROM conversations"), {}, &why));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM messages")), 0);
        QCOMPARE(found(db, QStringLiteral("gazp")), 0);
        QCOMPARE(found(db, QStringLiteral("soup"), true), 0);
    }

    void upgradeFromEachVersion_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("from");
        for (const QString &backend : TestDatabases::backends()) {
            for (int from = 1; from < Migrations::latestVersion(); ++from)
                QTest::addRow("%s from v%d", qPrintable(backend), from) << backend << from;
        }
    }
    void upgradeFromEachVersion()
    {
        QFETCH(QString, backend);
        QFETCH(int, from);
        const DatabaseConfig config = freshConfig(backend);
        QVERIFY(!QTest::currentTestFailed());
        {
            Database old(config);
            StorageError error = old.openConnection();
            QVERIFY2(!error.isError(), qPrintable(error.message));
            error = Migrations::migrate(old, from);
            QVERIFY2(!error.isError(), qPrintable(error.message));
            QCOMPARE(Migrations::currentVersion(old, nullptr), from);
            QString why;
            QVERIFY2(addConversation(old, from, QStringLiteral("Crème brûlée"),
                                     QStringLiteral("How long does the custard bake?"),
                                     QStringLiteral("About forty minutes, until it just sets."), &why),
                     qPrintable(why));
            QVERIFY2(addConversation(old, from, QStringLiteral("Bicycles"),
                                     QStringLiteral("Which chain oil?"),
                                     QStringLiteral("A dry lubricant for dusty roads."), &why),
                     qPrintable(why));
        }

        Database db(config);
        const StorageError error = db.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QCOMPARE(Migrations::currentVersion(db, nullptr), Migrations::latestVersion());
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM schema_version")), 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM conversations")), 2);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM messages")), 4);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM messages WHERE content = ?"),
                        {QStringLiteral("About forty minutes, until it just sets.")}),
                 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM messages WHERE writer_id IS NULL")), 4);
        // The conversations have no sampling parameters (the server's defaults), and can be given some.
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM conversations WHERE temperature IS NULL"
                                           " AND top_p IS NULL AND max_tokens IS NULL")),
                 2);
        {
            QString why;
            QVERIFY2(exec(db,
                          QStringLiteral("UPDATE conversations SET temperature = ?, top_p = ?, max_tokens = ?"
                                         " WHERE title = ?"),
                          {0.25, 0.5, 300, QStringLiteral("Bicycles")}, &why),
                     qPrintable(why));
            const QString bicycles = QStringLiteral(" FROM conversations WHERE title = 'Bicycles'");
            QCOMPARE(value(db, QStringLiteral("SELECT temperature") + bicycles).toDouble(), 0.25);
            QCOMPARE(value(db, QStringLiteral("SELECT top_p") + bicycles).toDouble(), 0.5);
            QCOMPARE(value(db, QStringLiteral("SELECT max_tokens") + bicycles).toInt(), 300);
            QVERIFY(value(db, QStringLiteral("SELECT temperature FROM conversations WHERE title <> 'Bicycles'"))
                        .isNull());
        }

        // The old data is searchable, and so is the new.
        QCOMPARE(found(db, QStringLiteral("custard")), 1);
        QCOMPARE(found(db, QStringLiteral("lubri")), 1);
        QCOMPARE(found(db, QStringLiteral("bicy"), true), 1);
        if (unaccentAvailable(db))
            QCOMPARE(found(db, QStringLiteral("brulee"), true), 1);
        QCOMPARE(found(db, QStringLiteral("brûlée"), true), 1);
        QString why;
        QVERIFY2(addConversation(db, Migrations::latestVersion(), QStringLiteral("Later"),
                                 QStringLiteral("And the caramel?"), QStringLiteral("Torch the sugar."),
                                 &why),
                 qPrintable(why));
        QCOMPARE(found(db, QStringLiteral("caram")), 1);
    }

    void reopenIsIdempotent_data() { TestDatabases::addBackendRows(); }
    void reopenIsIdempotent()
    {
        QFETCH(QString, backend);
        const DatabaseConfig config = freshConfig(backend);
        QVERIFY(!QTest::currentTestFailed());
        for (int round = 0; round < 3; ++round) {
            Database db(config);
            const StorageError error = db.open();
            QVERIFY2(!error.isError(), qPrintable(error.message));
            QCOMPARE(Migrations::currentVersion(db, nullptr), Migrations::latestVersion());
            QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM schema_version")), 1);
            QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM conversations")), round);
            QString why;
            QVERIFY2(addConversation(db, Migrations::latestVersion(), QStringLiteral("Round"),
                                     QStringLiteral("again"), QStringLiteral("and again"), &why),
                     qPrintable(why));
            QVERIFY(!Migrations::migrate(db).isError());
        }
    }

    void tooNewIsRefused_data() { TestDatabases::addBackendRows(); }
    void tooNewIsRefused()
    {
        QFETCH(QString, backend);
        const DatabaseConfig config = freshConfig(backend);
        QVERIFY(!QTest::currentTestFailed());
        const int future = Migrations::latestVersion() + 1;
        {
            Database db(config);
            QVERIFY(!db.open().isError());
            QString why;
            QVERIFY2(addConversation(db, Migrations::latestVersion(), QStringLiteral("Kept"),
                                     QStringLiteral("question"), QStringLiteral("answer"), &why),
                     qPrintable(why));
            // What a newer Confab would have done.
            QVERIFY(exec(db, QStringLiteral("UPDATE schema_version SET version = ?"), {future}, &why));
            QVERIFY(exec(db, QStringLiteral("CREATE TABLE from_the_future (x INTEGER)"), {}, &why));
        }

        Database db(config);
        const StorageError error = db.open();
        QCOMPARE(error.kind, Kind::TooNew);
        QVERIFY2(error.message.contains(u"newer Confab"), qPrintable(error.message));
        QVERIFY(!db.isOpen());

        Database look(config);
        QVERIFY(!look.openConnection().isError());
        QCOMPARE(Migrations::migrate(look).kind, Kind::TooNew);
        QCOMPARE(Migrations::currentVersion(look, nullptr), future);
        QCOMPARE(scalar(look, QStringLiteral("SELECT count(*) FROM schema_version")), 1);
        QCOMPARE(scalar(look, QStringLiteral("SELECT count(*) FROM conversations")), 1);
        QCOMPARE(scalar(look, QStringLiteral("SELECT count(*) FROM from_the_future")), 0);
    }

    void targetAboveLatestIsInvalid()
    {
        QTemporaryDir dir;
        QString error;
        const auto config = TestDatabases::fresh(QStringLiteral("sqlite"), dir.path(), &error);
        QVERIFY2(config, qPrintable(error));
        Database db(*config);
        QVERIFY(!db.openConnection().isError());
        QCOMPARE(Migrations::migrate(db, Migrations::latestVersion() + 1).kind, Kind::Invalid);
        QCOMPARE(Migrations::currentVersion(db, nullptr), 0);
    }

    // Two clients opening the same new database at once: each step is applied once (a second
    // CREATE TABLE would fail), and both end up open at the latest version.
    void concurrentMigrate_data() { TestDatabases::addBackendRows(); }
    void concurrentMigrate()
    {
        QFETCH(QString, backend);
        for (int round = 0; round < 4; ++round) {
            const DatabaseConfig config = freshConfig(backend);
            QVERIFY(!QTest::currentTestFailed());
            QSemaphore ready;
            QSemaphore go;
            StorageError results[2];
            int versions[2] = {-1, -1};
            std::unique_ptr<QThread> threads[2];
            for (int i = 0; i < 2; ++i) {
                threads[i].reset(QThread::create([&, i] {
                    Database db(config);
                    ready.release();
                    go.acquire();
                    results[i] = db.open();
                    if (!results[i].isError())
                        versions[i] = Migrations::currentVersion(db, nullptr);
                }));
                threads[i]->start();
            }
            ready.acquire(2);
            go.release(2);
            for (auto &thread : threads)
                QVERIFY(thread->wait(60000));
            for (int i = 0; i < 2; ++i) {
                QVERIFY2(!results[i].isError(),
                         qPrintable(results[i].message + QStringLiteral(" / ") + results[i].detail));
                QCOMPARE(versions[i], Migrations::latestVersion());
            }
            Database db(config);
            QVERIFY(!db.open().isError());
            QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM schema_version")), 1);
        }
    }

private:
    DatabaseConfig freshConfig(const QString &backend)
    {
        QString error;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &error);
        if (!config) {
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
            return {};
        }
        return *config;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
