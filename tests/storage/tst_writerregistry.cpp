// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"
#include "database.h"
#include "storagetests.h"
#include "testdatabases.h"
#include "writerregistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <memory>

using namespace std::chrono_literals;

namespace {

// Another Confab's row, as it would have written it.
bool addInstance(Database &db, const QString &id, const QString &host, qint64 pid, qint64 heartbeatAt,
                 QString *why)
{
    return exec(
        db,
        QStringLiteral(
            "INSERT INTO instances (id, hostname, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)"),
        {id, host, pid, heartbeatAt - 1000, heartbeatAt}, why);
}

} // namespace

class TestWriterRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<Database> fresh(const QString &backend, QString *why)
    {
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), why);
        if (!config)
            return nullptr;
        auto db = std::make_unique<Database>(*config);
        if (const StorageError error = db->open(); error.isError()) {
            *why = describe(error);
            return nullptr;
        }
        return db;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void registration_data() { TestDatabases::addBackendRows(); }
    void registration()
    {
        QFETCH(QString, backend);
        QString why;
        const std::unique_ptr<Database> db = fresh(backend, &why);
        QVERIFY2(db, qPrintable(why));
        WriterRegistry registry(*db);

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const StorageResult<QString> id = registry.registerInstance();
        QVERIFY2(id.ok(), qPrintable(describe(id.error)));
        QVERIFY(!QUuid::fromString(id.value).isNull());
        QCOMPARE(id.value, id.value.toLower());
        QSqlQuery query(db->connection());
        query.prepare(
            QStringLiteral("SELECT hostname, pid, started_at, heartbeat_at FROM instances WHERE id = ?"));
        query.addBindValue(id.value);
        QVERIFY(query.exec() && query.next());
        QCOMPARE(query.value(0).toString(), QSysInfo::machineHostName());
        QCOMPARE(query.value(1).toLongLong(), QCoreApplication::applicationPid());
        QVERIFY(query.value(2).toLongLong() >= before);
        const qint64 firstBeat = query.value(3).toLongLong();

        QTest::qWait(5);
        const StorageError beat = registry.heartbeat(id.value);
        QVERIFY2(!beat.isError(), qPrintable(describe(beat)));
        QVERIFY(scalar(*db, QStringLiteral("SELECT heartbeat_at FROM instances WHERE id = ?"), {id.value}) >
                firstBeat);
        QCOMPARE(registry.registerInstance().value == id.value, false); // each registration is new

        QVERIFY(!registry.unregisterInstance(id.value).isError());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM instances WHERE id = ?"), {id.value}), 0);
        // A heartbeat after our row went (taken for gone while asleep) registers us again.
        QVERIFY(!registry.heartbeat(id.value).isError());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM instances WHERE id = ?"), {id.value}), 1);
    }

    void recovery_data() { TestDatabases::addBackendRows(); }
    void recovery()
    {
        QFETCH(QString, backend);
        QString why;
        const std::unique_ptr<Database> db = fresh(backend, &why);
        QVERIFY2(db, qPrintable(why));
        WriterRegistry registry(*db);
        ConversationRepository repository(*db);

        const QString host = QSysInfo::machineHostName();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();

        // A surely dead pid on this host: a child that ran and was reaped.
        QProcess finished;
        finished.start(QStringLiteral("true"), {});
        QVERIFY(finished.waitForStarted());
        const qint64 deadPid = finished.processId();
        QVERIFY(finished.waitForFinished());
        QVERIFY(deadPid > 0);
        // A live other process on this host.
        QProcess running;
        running.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(running.waitForStarted());
        const qint64 livePid = running.processId();

        const StorageResult<QString> self = registry.registerInstance();
        QVERIFY(self.ok());
        const QString otherHostAlive = newId();
        const QString otherHostStale = newId();
        const QString deadHere = newId();
        const QString aliveHere = newId();
        const QString staleHere = newId();
        QVERIFY2(addInstance(*db, otherHostAlive, QStringLiteral("elsewhere.example"), 4242, now, &why),
                 qPrintable(why));
        QVERIFY2(addInstance(*db, otherHostStale, QStringLiteral("elsewhere.example"), 4343,
                             now - 5 * 60 * 1000, &why),
                 qPrintable(why));
        QVERIFY2(addInstance(*db, deadHere, host, deadPid, now, &why), qPrintable(why));
        QVERIFY2(addInstance(*db, aliveHere, host, livePid, now, &why), qPrintable(why));
        QVERIFY2(addInstance(*db, staleHere, host, livePid, now - 61 * 1000, &why), qPrintable(why));

        ConversationRecord conversation;
        conversation.id = newId();
        QVERIFY(!repository.saveConversation(conversation).isError());
        QMap<QString, QString> messageOf; // label → message id
        const auto stream = [&](const QString &label, const QString &writer,
                                Status status = Status::Streaming) {
            MessageRecord message;
            message.id = newId();
            message.conversationId = conversation.id;
            message.role = MessageRecord::Role::Assistant;
            message.content = QStringLiteral("partial reply of %1").arg(label);
            message.status = status;
            message.writerId = writer;
            message.createdAt = QDateTime::fromMSecsSinceEpoch(now - 100000, QTimeZone::utc());
            message.updatedAt = message.createdAt;
            const StorageError error = repository.saveMessage(message);
            if (error.isError())
                qWarning() << describe(error);
            messageOf.insert(label, message.id);
        };
        stream(QStringLiteral("self"), self.value);
        stream(QStringLiteral("otherHostAlive"), otherHostAlive);
        stream(QStringLiteral("otherHostStale"), otherHostStale);
        stream(QStringLiteral("deadHere"), deadHere);
        stream(QStringLiteral("aliveHere"), aliveHere);
        stream(QStringLiteral("staleHere"), staleHere);
        stream(QStringLiteral("unknown"), newId());
        stream(QStringLiteral("none"), QString());
        stream(QStringLiteral("complete"), deadHere, Status::Complete); // not streaming: not touched
        QVERIFY(!QTest::currentTestFailed());

        const StorageResult<int> recovered = registry.recoverOrphans(60s);
        QVERIFY2(recovered.ok(), qPrintable(describe(recovered.error)));
        QCOMPARE(recovered.value, 5);

        const QStringList orphans{QStringLiteral("otherHostStale"), QStringLiteral("deadHere"),
                                  QStringLiteral("staleHere"), QStringLiteral("unknown"),
                                  QStringLiteral("none")};
        for (auto it = messageOf.cbegin(); it != messageOf.cend(); ++it) {
            const StorageResult<MessageRecord> message = repository.message(it.value());
            QVERIFY(message.ok());
            QCOMPARE(message.value.content, QStringLiteral("partial reply of %1").arg(it.key())); // text kept
            if (orphans.contains(it.key())) {
                QVERIFY2(message.value.status == Status::Interrupted, qPrintable(it.key()));
                QCOMPARE(message.value.writerId, QString());
                QVERIFY(message.value.updatedAt.toMSecsSinceEpoch() >= now);
            } else if (it.key() == u"complete") {
                QCOMPARE(message.value.status, Status::Complete);
            } else {
                QVERIFY2(message.value.status == Status::Streaming, qPrintable(it.key()));
                QVERIFY(!message.value.writerId.isEmpty());
            }
        }
        // The rows of the gone ones went; the living stay.
        const auto registered = [&](const QString &id) {
            return scalar(*db, QStringLiteral("SELECT count(*) FROM instances WHERE id = ?"), {id}) == 1;
        };
        QVERIFY(registered(self.value));
        QVERIFY(registered(otherHostAlive));
        QVERIFY(registered(aliveHere));
        QVERIFY(!registered(otherHostStale));
        QVERIFY(!registered(deadHere));
        QVERIFY(!registered(staleHere));

        // Nothing more to do the second time.
        QCOMPARE(registry.recoverOrphans(60s).value, 0);
        // Until the live process on this host ends.
        running.kill();
        QVERIFY(running.waitForFinished());
        QCOMPARE(registry.recoverOrphans(60s).value, 1);
        QCOMPARE(repository.message(messageOf.value(QStringLiteral("aliveHere"))).value.status,
                 Status::Interrupted);
        QVERIFY(!registered(aliveHere));
        // Our own stream is ours however late our heartbeat: only another Confab may take it.
        QVERIFY(exec(*db, QStringLiteral("UPDATE instances SET heartbeat_at = 0 WHERE id = ?"), {self.value},
                     &why));
        QCOMPARE(registry.recoverOrphans(60s).value, 0);
        QCOMPARE(repository.message(messageOf.value(QStringLiteral("self"))).value.status, Status::Streaming);
    }

    void recoveryWhileAnotherWrites_data() { TestDatabases::addBackendRows(); }
    void recoveryWhileAnotherWrites()
    {
        // Two stores on one database: the second one starting up leaves the first one's stream alone.
        QFETCH(QString, backend);
        QString why;
        const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &why);
        QVERIFY2(config, qPrintable(why));
        Database first(*config);
        Database second(*config);
        QVERIFY(!first.open().isError());
        QVERIFY(!second.open().isError());
        WriterRegistry firstRegistry(first);
        const StorageResult<QString> writer = firstRegistry.registerInstance();
        QVERIFY(writer.ok());
        ConversationRepository repository(first);
        ConversationRecord conversation;
        conversation.id = newId();
        QVERIFY(!repository.saveConversation(conversation).isError());
        MessageRecord message;
        message.id = newId();
        message.conversationId = conversation.id;
        message.role = MessageRecord::Role::Assistant;
        message.status = Status::Streaming;
        message.writerId = writer.value;
        QVERIFY(!repository.saveMessage(message).isError());

        WriterRegistry secondRegistry(second);
        QVERIFY(secondRegistry.registerInstance().ok());
        QCOMPARE(secondRegistry.recoverOrphans().value, 0);
        // Once the first one is gone (it unregistered, or crashed and went stale), it is recovered.
        QVERIFY(!firstRegistry.unregisterInstance(writer.value).isError());
        QCOMPARE(secondRegistry.recoverOrphans().value, 1);
        QCOMPARE(ConversationRepository(second).message(message.id).value.status, Status::Interrupted);
    }
};

QTEST_GUILESS_MAIN(TestWriterRegistry)
#include "tst_writerregistry.moc"
