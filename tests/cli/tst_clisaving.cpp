// SPDX-License-Identifier: GPL-3.0-or-later
// What confab-cli ask says about saving when the history holds its writes back: a SQLite file
// locked by another program, a PostgreSQL database that refuses connections for a while. It
// waits with one line, and what it finally reports is what the history really holds.
#include "clirun.h"
#include "databasepeek.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr int exitNotSaved = 16;

int lineCount(const QByteArray &text, const QByteArray &needle)
{
    int count = 0;
    for (const QByteArray &line : text.split('\n'))
        count += line.contains(needle) ? 1 : 0;
    return count;
}

// A second program's connection to a SQLite history that takes its write lock and holds it.
class SqliteLockHolder
{
public:
    explicit SqliteLockHolder(const DatabaseConfig &config)
        : m_name(QStringLiteral("lock-holder"))
    {
        QSqlDatabase db = TestDatabases::connection(config, m_name);
        if (!db.open()) {
            m_error = db.lastError().text();
            return;
        }
        QSqlQuery query(db);
        // A write inside the transaction: the lock is ours until it ends.
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")) ||
            !query.exec(QStringLiteral("UPDATE conversations SET title = title WHERE 0")))
            m_error = query.lastError().text();
    }
    ~SqliteLockHolder()
    {
        release();
        QSqlDatabase::removeDatabase(m_name);
    }
    QString error() const { return m_error; }
    void release()
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (!db.isOpen())
            return;
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        db.close();
    }

private:
    QString m_name;
    QString m_error;
};

// Makes a PostgreSQL test database refuse every connection, and drops those it has.
class PostgresOutage
{
public:
    explicit PostgresOutage(const QString &database)
        : m_database(database)
    {
        QString error;
        const std::optional<DatabaseConfig> admin =
            DatabaseConfig::parse(TestDatabases::postgresUrl(), &error);
        if (!admin) {
            m_error = error;
            return;
        }
        QSqlDatabase db = TestDatabases::connection(*admin, m_name);
        if (!db.open())
            m_error = db.lastError().text();
    }
    ~PostgresOutage()
    {
        end();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QString error() const { return m_error; }

    bool begin()
    {
        return exec(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(m_database)) &&
               exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                   " WHERE datname = '%1' AND pid <> pg_backend_pid()")
                        .arg(m_database));
    }
    bool end()
    {
        return exec(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(m_database));
    }

private:
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (query.exec(sql))
            return true;
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return false;
    }

    QString m_database;
    QString m_name = QStringLiteral("outage-admin");
    QString m_error;
};

} // namespace

class TestCliSaving : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;

    QStringList ask(const HistoryDatabase &db) const
    {
        return {QStringLiteral("ask"),
                QStringLiteral("--base-url"),
                m_server->baseUrl().toString(),
                QStringLiteral("--model"),
                QStringLiteral("gpt-test"),
                QStringLiteral("--database"),
                db.argument(),
                QStringLiteral("Keep this")};
    }

    // The history made before any lock or outage, as a user's would be.
    static bool prepared(const HistoryDatabase &db)
    {
        const CliRun list = db.run({QStringLiteral("list")});
        if (list.exitCode != 0)
            qWarning("list failed (%d): %s", list.exitCode, list.err.constData());
        return list.exitCode == 0;
    }

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    // Locked the whole time: one line while it waits, then a plain "not saved" with its own
    // exit code, and indeed nothing in the history.
    void lockedDatabaseIsReportedNotSaved()
    {
        const HistoryDatabase db(QStringLiteral("sqlite"));
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        QVERIFY(prepared(db));
        SqliteLockHolder lock(db.config());
        QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));

        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({QStringLiteral("Kept on screen")}).bytes()));
        const CliRun run = CliRun::exec(ask(db));
        QCOMPARE(run.out, QByteArray("Kept on screen"));
        QCOMPARE(run.exitCode, exitNotSaved);
        QCOMPARE(lineCount(run.err, "is locked by another program"), 2); // the wait, the outcome
        QVERIFY2(run.err.contains("waiting to save"), run.err.constData());
        QVERIFY2(run.err.contains("was not saved"), run.err.constData());
        QVERIFY2(!run.err.contains("nothing is lost"), run.err.constData());
        QVERIFY2(!run.err.contains("retried"), run.err.constData());

        lock.release();
        QCOMPARE(db.list({QStringLiteral("--all")}), QJsonArray());
    }

    // Locked for a while only: the same one line, then the exchange is saved and all is well.
    void lockReleasedWhileWaitingIsSaved()
    {
        const HistoryDatabase db(QStringLiteral("sqlite"));
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        QVERIFY(prepared(db));
        SqliteLockHolder lock(db.config());
        QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));

        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({QStringLiteral("Saved in the end")}).bytes()));
        QString id;
        QByteArray err; // what the test read while it ran, then the rest
        const CliRun run = CliRun::exec(ask(db), {}, CliRun::defaultEnvironment(), [&](QProcess &process) {
            QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.contains("waiting to save")),
                                     30000);
            id = HistoryDatabase::conversationId(err);
            lock.release();
        });
        err += run.err;
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("Saved in the end"));
        QCOMPARE(lineCount(err, "waiting to save"), 1);
        QVERIFY2(!err.contains("not saved"), err.constData());
        QVERIFY(!id.isEmpty());
        const QJsonArray messages = db.show(id).value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1).toObject().value(u"status").toString(), QStringLiteral("complete"));
        QCOMPARE(messages.at(1).toObject().value(u"content").toString(), QStringLiteral("Saved in the end"));
    }

    // PostgreSQL goes away while the reply streams and comes back just as confab-cli gives up:
    // what it reports is what the history holds. (It used to report "not saved" and then save
    // the whole reply while shutting down.)
    void postgresBackAfterGivingUpIsReportedTruthfully_data()
    {
        QTest::addColumn<bool>("backBeforeGivingUp");
        QTest::newRow("back before giving up") << true;
        QTest::newRow("back as it gives up") << false;
    }
    void postgresBackAfterGivingUpIsReportedTruthfully()
    {
        QFETCH(bool, backBeforeGivingUp);
        const HistoryDatabase db(QStringLiteral("postgres"));
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        QVERIFY(prepared(db));
        PostgresOutage outage(db.config().databaseName);
        QVERIFY2(outage.error().isEmpty(), qPrintable(outage.error()));

        const QString reply = QStringLiteral("The first half, and the second half.");
        m_server->enqueue(
            ScriptedResponse(200)
                .setHeader("content-type", "text/event-stream")
                .setFraming(ScriptedResponse::Framing::Chunked)
                .write(SseBodyBuilder().role().content(QStringLiteral("The first half")).bytes())
                .hold()
                .write(SseBodyBuilder()
                           .content(QStringLiteral(", and the second half."))
                           .finish()
                           .done()
                           .bytes()));
        QString id;
        QByteArray err; // what the test read while it ran, then the rest
        const CliRun run = CliRun::exec(ask(db), {}, CliRun::defaultEnvironment(), [&](QProcess &process) {
            QTRY_VERIFY_WITH_TIMEOUT(
                (err += process.readAllStandardError(), !HistoryDatabase::conversationId(err).isEmpty()),
                20000);
            id = HistoryDatabase::conversationId(err);
            {
                const DatabasePeek peek(db.config());
                QTRY_VERIFY_WITH_TIMEOUT(
                    peek.value(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = ?"
                                              " AND status = 'streaming'"),
                               {id})
                            .toInt() == 1,
                    20000);
            }
            QVERIFY(outage.begin());
            QTRY_VERIFY_WITH_TIMEOUT(m_server->holdingCount() == 1, 20000);
            m_server->release(); // the reply ends while the database is away
            const QByteArray awaited = backBeforeGivingUp ? "waiting to save" : "not saved";
            QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.contains(awaited)), 30000);
            QVERIFY(outage.end());
        });
        err += run.err;
        QCOMPARE(run.out, reply.toUtf8());
        QVERIFY(!id.isEmpty());

        const QJsonArray messages = db.show(id).value(u"messages").toArray();
        const bool savedWhole =
            messages.size() == 2 &&
            messages.at(1).toObject().value(u"status").toString() == QStringLiteral("complete") &&
            messages.at(1).toObject().value(u"content").toString() == reply;
        if (run.exitCode == 0) {
            QVERIFY2(savedWhole, "exit 0, but the reply is not in the history");
            QVERIFY2(!err.contains("not saved"), err.constData());
        } else {
            QVERIFY2(!savedWhole, "reported as not saved, but the whole reply is in the history");
            QVERIFY2(err.contains("not saved"), err.constData());
            QCOMPARE(run.exitCode, exitNotSaved);
        }
        if (backBeforeGivingUp)
            QCOMPARE(run.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliSaving)
#include "tst_clisaving.moc"
