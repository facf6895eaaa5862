// SPDX-License-Identifier: GPL-3.0-or-later
// The asynchronous store on both backends: order, threads, status, and the faults it must
// ride out (a full disk, a PostgreSQL server that goes away and comes back).
#include "conversationstore.h"
#include "database.h"
#include "futurewait.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <memory>
#include <optional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

namespace {

// Generous: the suite must pass on a loaded two-core machine.
constexpr int timeout = 30000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ConversationRecord newConversation(const QString &title = u"A chat"_s)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = QDateTime::currentDateTimeUtc();
    conversation.updatedAt = conversation.createdAt;
    return conversation;
}

MessageRecord newMessage(const QString &conversationId, const QString &parentId, const QString &content)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = MessageRecord::Role::User;
    message.content = content;
    message.createdAt = QDateTime::currentDateTimeUtc();
    message.updatedAt = message.createdAt;
    return message;
}

QString postgresBin()
{
    return u"/usr/lib/postgresql/15/bin"_s;
}

// Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
int runAsPostgres(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
#ifdef Q_OS_UNIX
    if (::getuid() == 0)
        process.start(u"runuser"_s, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + arguments);
    else
#endif
        process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return -1;
    if (output)
        *output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return process.exitCode();
}

// A PostgreSQL server of the test's own, to stop and start at will.
class PrivateServer
{
public:
    explicit PrivateServer(const QString &dir)
        : m_dir(dir)
    {}
    ~PrivateServer() { QProcess::execute(script(), {u"stop"_s, m_dir}); }

    bool start(QString *url)
    {
        QProcess process;
        process.start(script(), {u"start"_s, m_dir});
        if (!process.waitForFinished(120000) || process.exitCode() != 0) {
            qWarning() << process.readAllStandardError();
            return false;
        }
        *url = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
        m_port = QUrl(*url).port();
        return m_port > 0;
    }
    bool stop()
    {
        return runAsPostgres(postgresBin() + u"/pg_ctl"_s,
                             {u"-D"_s, m_dir + u"/data"_s, u"-m"_s, u"immediate"_s, u"-w"_s, u"stop"_s}) == 0;
    }
    bool restart()
    {
        // The options scripts/test-postgres.sh starts it with, on the same port.
        const QString options =
            u"-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off -c synchronous_commit=off "
            u"-c full_page_writes=off -c max_connections=200"_s.arg(m_port)
                .arg(m_dir);
        return runAsPostgres(postgresBin() + u"/pg_ctl"_s,
                             {u"-D"_s, m_dir + u"/data"_s, u"-l"_s, m_dir + u"/data/server.log"_s, u"-w"_s,
                              u"-t"_s, u"60"_s, u"-o"_s, options, u"start"_s}) == 0;
    }

private:
    static QString script() { return QStringLiteral(CONFAB_TEST_DATA_DIR "/../../scripts/test-postgres.sh"); }

    QString m_dir;
    int m_port = 0;
};

} // namespace

class TestConversationStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void opensReady_data() { TestDatabases::addBackendRows(); }
    void opensReady();
    void writesKeepOrder_data() { TestDatabases::addBackendRows(); }
    void writesKeepOrder();
    void sqlRunsOnTheStorageThread_data() { TestDatabases::addBackendRows(); }
    void sqlRunsOnTheStorageThread();
    void flushWaitsForEarlierWrites_data() { TestDatabases::addBackendRows(); }
    void flushWaitsForEarlierWrites();
    void shutdownLandsQueuedWrites_data() { TestDatabases::addBackendRows(); }
    void shutdownLandsQueuedWrites();
    void unopenableDatabaseFails();

    // Faults
    void sqliteDiskFullIsRiddenOut();
    void shutdownGivesUpOnAStuckWrite();
    void postgresOutageIsRiddenOut();
    void otherClientsChangesAreHeard();

private:
    std::unique_ptr<ConversationStore> openStore(const QString &backend);
    std::unique_ptr<ConversationStore> openStore(const DatabaseConfig &config);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConversationStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::unique_ptr<ConversationStore> TestConversationStore::openStore(const DatabaseConfig &config)
{
    auto store = std::make_unique<ConversationStore>(config);
    if (!QTest::qWaitFor([&] { return store->status() != Status::Opening; }, timeout))
        qWarning() << "the store did not open in time";
    return store;
}

std::unique_ptr<ConversationStore> TestConversationStore::openStore(const QString &backend)
{
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!config) {
        qWarning() << error;
        return nullptr;
    }
    return openStore(*config);
}

void TestConversationStore::opensReady()
{
    QFETCH(QString, backend);
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    QVERIFY2(config, qPrintable(error));

    ConversationStore store(*config);
    QSignalSpy opened(&store, &ConversationStore::opened);
    QSignalSpy recovered(&store, &ConversationStore::recovered);
    QCOMPARE(store.status(), Status::Opening); // nothing is known yet: the call returned at once
    QTRY_COMPARE_WITH_TIMEOUT(store.status(), Status::Ready, timeout);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(recovered.count(), 1);
    QCOMPARE(recovered.first().first().toInt(), 0);
    QVERIFY(!store.instanceId().isEmpty());
    QVERIFY(store.statusMessage().isEmpty());
    QCOMPARE(store.pendingWrites(), 0);
}

void TestConversationStore::writesKeepOrder()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    QCOMPARE(store->status(), Status::Ready);

    ConversationRecord conversation = newConversation();
    MessageRecord first = newMessage(conversation.id, {}, u"first"_s);
    MessageRecord second = newMessage(conversation.id, first.id, u"second"_s);
    second.role = MessageRecord::Role::Assistant;

    // Continuations run on the caller's thread, in the order the writes were made.
    auto order = std::make_shared<QList<int>>();
    auto wrongThread = std::make_shared<int>(0);
    auto failures = std::make_shared<int>(0);
    QThread *testThread = QThread::currentThread();
    const auto track = [&](QFuture<StorageError> future, int index) {
        future.then(this, [=](const StorageError &error) {
            order->append(index);
            if (QThread::currentThread() != testThread)
                ++*wrongThread;
            if (error.isError()) {
                ++*failures;
                qWarning() << error.message << error.detail;
            }
        });
    };

    constexpr int count = 1000;
    for (int i = 0; i < count; ++i) {
        switch (i % 4) {
        case 0:
            conversation.title = u"title %1"_s.arg(i);
            track(store->saveConversation(conversation), i);
            break;
        case 1:
            first.content = u"first %1"_s.arg(i);
            track(store->saveMessage(first), i);
            break;
        case 2:
            second.content = u"second %1"_s.arg(i);
            track(store->saveMessage(second), i);
            break;
        case 3:
            track(store->setCurrentLeaf(conversation.id, i % 8 == 3 ? first.id : second.id), i);
            break;
        }
    }
    const auto read = take(store->fullBranch(conversation.id), this);
    QVERIFY(read);
    QVERIFY2(read->ok(), qPrintable(read->error.message));
    QCOMPARE(order->size(), count); // the read was queued after them: they have all resolved
    QCOMPARE(*failures, 0);
    QCOMPARE(*wrongThread, 0);
    for (int i = 0; i < count; ++i)
        QCOMPARE(order->at(i), i);

    // The last writes won: i = 999 set the leaf to `second` (999 % 8 == 7).
    QCOMPARE(read->value.size(), 2);
    QCOMPARE(read->value.at(0).content, u"first 997"_s);
    QCOMPARE(read->value.at(1).content, u"second 998"_s);
    const auto stored = take(store->conversation(conversation.id), this);
    QVERIFY(stored && stored->ok());
    QCOMPARE(stored->value.title, u"title 996"_s);
    QCOMPARE(stored->value.currentLeafId, second.id);
    QTRY_COMPARE(store->pendingWrites(), 0);
    QCOMPARE(store->status(), Status::Ready);
}

void TestConversationStore::sqlRunsOnTheStorageThread()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    QThread *testThread = QThread::currentThread();
    const auto thread = take(store->runOnStorageThread([testThread](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(u"SELECT 1"_s) || QThread::currentThread() == testThread)
            return StorageError{StorageError::Kind::Other, u"wrong thread"_s, {}};
        return StorageError{};
    }),
                             this);
    QVERIFY(thread);
    QVERIFY2(!thread->isError(), qPrintable(thread->message));
}

void TestConversationStore::flushWaitsForEarlierWrites()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    const ConversationRecord conversation = newConversation();
    store->saveConversation(conversation);
    auto resolved = std::make_shared<int>(0);
    for (int i = 0; i < 50; ++i)
        store->saveMessage(newMessage(conversation.id, {}, QString::number(i)))
            .then(this, [resolved](StorageError) { ++*resolved; });
    auto flushed = std::make_shared<int>(-1);
    store->flush().then(this, [resolved, flushed] { *flushed = *resolved; });
    QTRY_VERIFY_WITH_TIMEOUT(*flushed >= 0, timeout);
    QCOMPARE(*flushed, 50);

    // With nothing queued it resolves too.
    auto idle = std::make_shared<bool>(false);
    store->flush().then(this, [idle] { *idle = true; });
    QTRY_VERIFY_WITH_TIMEOUT(*idle, timeout);
}

void TestConversationStore::shutdownLandsQueuedWrites()
{
    QFETCH(QString, backend);
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    QVERIFY2(config, qPrintable(error));

    ConversationRecord conversation = newConversation();
    {
        ConversationStore store(*config); // destroyed at once, still opening
        store.saveConversation(conversation);
        for (int i = 0; i < 200; ++i) {
            conversation.title = u"title %1"_s.arg(i);
            store.saveConversation(conversation);
        }
    }
    auto store = openStore(*config);
    QCOMPARE(store->status(), Status::Ready);
    const auto stored = take(store->conversation(conversation.id), this);
    QVERIFY(stored);
    QVERIFY2(stored->ok(), qPrintable(stored->error.message));
    QCOMPARE(stored->value.title, u"title 199"_s);
}

void TestConversationStore::unopenableDatabaseFails()
{
    // A file where a folder should be: the database cannot be created, and waiting won't help.
    const QString blocker = m_dir->filePath(u"not-a-folder"_s);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QString error;
    const std::optional<DatabaseConfig> config =
        DatabaseConfig::parse(blocker + u"/history.sqlite"_s, &error);
    QVERIFY2(config, qPrintable(error));

    ConversationStore store(*config);
    QTRY_COMPARE_WITH_TIMEOUT(store.status(), Status::Failed, timeout);
    QVERIFY(!store.statusMessage().isEmpty());
    const auto write = take(store.saveConversation(newConversation()), this);
    QVERIFY(write);
    QVERIFY(write->isError());
    QVERIFY(!write->isTransient());
    const auto read = take(store.listConversations({}), this);
    QVERIFY(read);
    QVERIFY(!read->ok());
}

// SQLite's page cap is per connection, so the fault is injected on the store's own connection
// (runOnStorageThread): SQLite then fails the writes with SQLITE_FULL exactly as on a full
// disk, and raising the cap is the disk getting space back. Filling a real file system would
// need a mount we cannot make here.
void TestConversationStore::sqliteDiskFullIsRiddenOut()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    QCOMPARE(store->status(), Status::Ready);
    const ConversationRecord conversation = newConversation();
    QVERIFY(take(store->saveConversation(conversation), this)
                .value_or(StorageError{StorageError::Kind::Other, {}, {}})
                .kind == StorageError::Kind::None);

    const auto capped = take(store->runOnStorageThread([](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(u"PRAGMA page_count"_s) || !query.next())
            return db.errorFrom(query, u"page_count"_s);
        const qint64 pages = query.value(0).toLongLong();
        if (!query.exec(u"PRAGMA max_page_count = %1"_s.arg(pages)))
            return db.errorFrom(query, u"max_page_count"_s);
        return StorageError{};
    }),
                             this);
    QVERIFY(capped);
    QVERIFY2(!capped->isError(), qPrintable(capped->message));

    QSignalSpy statusSpy(store.get(), &ConversationStore::statusChanged);
    constexpr int count = 30;
    const QString filler(4000, u'x');
    QList<MessageRecord> messages;
    auto results = std::make_shared<QList<StorageError>>();
    QString parent;
    for (int i = 0; i < count; ++i) {
        messages.append(newMessage(conversation.id, parent, u"%1 %2"_s.arg(i).arg(filler)));
        parent = messages.last().id;
        store->saveMessage(messages.last()).then(this, [results](const StorageError &e) {
            results->append(e);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(store->status(), Status::Retrying, timeout);
    QVERIFY2(store->statusMessage().contains(u"Retrying in"_s), qPrintable(store->statusMessage()));
    QVERIFY2(store->statusMessage().contains(u"nothing is lost"_s), qPrintable(store->statusMessage()));
    // Every write has reached the storage thread: each is either done or held back.
    QTRY_VERIFY_WITH_TIMEOUT(store->pendingWrites() > 0 && results->size() + store->pendingWrites() == count,
                             timeout);
    const int stuck = store->pendingWrites();
    QTest::qWait(1500); // a few retries, still full
    QCOMPARE(store->status(), Status::Retrying);
    QCOMPARE(store->pendingWrites(), stuck);
    QVERIFY(results->size() < count);
    for (const StorageError &error : std::as_const(*results))
        QVERIFY(!error.isError()); // nothing resolved with a failure

    // What is stored can still be browsed: the full disk holds writes back, not reads.
    const auto browse = take(store->conversation(conversation.id), this, 5000);
    QVERIFY(browse);
    QVERIFY2(browse->ok(), qPrintable(browse->error.message));

    // Space comes back.
    const auto freed = take(store->runOnStorageThread([](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(u"PRAGMA max_page_count = 1073741823"_s))
            return db.errorFrom(query, u"max_page_count"_s);
        return StorageError{};
    }),
                            this);
    QVERIFY(freed && !freed->isError());
    QTRY_COMPARE_WITH_TIMEOUT(results->size(), count, timeout);
    for (const StorageError &error : std::as_const(*results))
        QVERIFY2(!error.isError(), qPrintable(error.message));
    QTRY_COMPARE(store->status(), Status::Ready);
    QCOMPARE(store->pendingWrites(), 0);
    QVERIFY(store->statusMessage().isEmpty());

    const auto branch = take(store->fullBranch(conversation.id), this);
    QVERIFY(branch && branch->ok());
    QCOMPARE(branch->value.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(branch->value.at(i).id, messages.at(i).id);
}

// Quitting while the disk is full: the store tries for a few seconds more, then lets go
// (the writes resolve with the error, and the log says so) instead of hanging the exit.
void TestConversationStore::shutdownGivesUpOnAStuckWrite()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const ConversationRecord conversation = newConversation();
    const auto saved = take(store->saveConversation(conversation), this);
    QVERIFY(saved && !saved->isError());
    const auto capped = take(store->runOnStorageThread([](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(u"PRAGMA page_count"_s) || !query.next())
            return db.errorFrom(query, u"page_count"_s);
        if (!query.exec(u"PRAGMA max_page_count = %1"_s.arg(query.value(0).toLongLong())))
            return db.errorFrom(query, u"max_page_count"_s);
        return StorageError{};
    }),
                             this);
    QVERIFY(capped && !capped->isError());
    QList<QFuture<StorageError>> writes;
    for (int i = 0; i < 5; ++i)
        writes.append(store->saveMessage(newMessage(conversation.id, {}, QString(4000, u'x'))));
    QTRY_COMPARE_WITH_TIMEOUT(store->status(), Status::Retrying, timeout);

    QElapsedTimer clock;
    clock.start();
    store.reset();
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    for (const QFuture<StorageError> &write : std::as_const(writes)) {
        QVERIFY(write.isFinished()); // the thread is joined: every write was resolved
        QCOMPARE(write.result().kind, StorageError::Kind::DiskFull);
    }
}

void TestConversationStore::postgresOutageIsRiddenOut()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                          QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                          QFileDevice::ExeOther);
    PrivateServer server(dir.filePath(u"pg"_s));
    QString url;
    QVERIFY(server.start(&url));
    QString error;
    std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
    QVERIFY2(config, qPrintable(error));

    auto store = openStore(*config);
    QCOMPARE(store->status(), Status::Ready);
    // The test server runs with synchronous_commit=off, so an immediate stop would lose the
    // last commits before it, as a real server (on) does not: make this session's durable.
    const auto durable = take(store->runOnStorageThread([](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(u"SET synchronous_commit = on"_s))
            return db.errorFrom(query, u"synchronous_commit"_s);
        return StorageError{};
    }),
                              this);
    QVERIFY(durable && !durable->isError());
    ConversationRecord conversation = newConversation(u"before"_s);
    MessageRecord first = newMessage(conversation.id, {}, u"before the outage"_s);
    store->saveConversation(conversation);
    QVERIFY(take(store->saveMessage(first), this).has_value());

    QVERIFY(server.stop());

    auto results = std::make_shared<QList<StorageError>>();
    QList<MessageRecord> messages{first};
    for (int i = 0; i < 5; ++i) {
        messages.append(newMessage(conversation.id, messages.last().id, u"during %1"_s.arg(i)));
        store->saveMessage(messages.last()).then(this, [results](const StorageError &e) {
            results->append(e);
        });
    }
    conversation.title = u"after"_s;
    store->saveConversation(conversation).then(this, [results](const StorageError &e) {
        results->append(e);
    });

    QTRY_COMPARE_WITH_TIMEOUT(store->status(), Status::Retrying, timeout);
    QVERIFY2(store->statusMessage().contains(u"Retrying in"_s), qPrintable(store->statusMessage()));
    QTRY_COMPARE_WITH_TIMEOUT(store->pendingWrites(), 6, timeout);
    QVERIFY(results->isEmpty());

    // Browsing fails fast with the reason, instead of waiting for the server.
    QElapsedTimer clock;
    clock.start();
    const auto browse = take(store->conversation(conversation.id), this, 5000);
    QVERIFY(browse);
    QVERIFY(!browse->ok());
    QCOMPARE(browse->error.kind, StorageError::Kind::Unavailable);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));

    QTest::qWait(1000);
    QCOMPARE(store->status(), Status::Retrying);
    QVERIFY(server.restart());

    QTRY_COMPARE_WITH_TIMEOUT(results->size(), 6, timeout);
    for (const StorageError &e : std::as_const(*results))
        QVERIFY2(!e.isError(), qPrintable(e.message));
    QTRY_COMPARE(store->status(), Status::Ready);
    QCOMPARE(store->pendingWrites(), 0);

    const auto branch = take(store->fullBranch(conversation.id), this);
    QVERIFY(branch);
    QVERIFY2(branch->ok(), qPrintable(branch->error.message));
    QCOMPARE(branch->value.size(), messages.size());
    for (int i = 0; i < messages.size(); ++i)
        QCOMPARE(branch->value.at(i).content, messages.at(i).content);
    const auto stored = take(store->conversation(conversation.id), this);
    QVERIFY(stored && stored->ok());
    QCOMPARE(stored->value.title, u"after"_s);
    store.reset();
}

void TestConversationStore::otherClientsChangesAreHeard()
{
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(u"postgres"_s, m_dir->path(), &error);
    QVERIFY2(config, qPrintable(error));
    auto writer = openStore(*config);
    auto reader = openStore(*config);
    QCOMPARE(writer->status(), Status::Ready);
    QCOMPARE(reader->status(), Status::Ready);

    QSignalSpy heardConversations(reader.get(), &ConversationStore::conversationsChanged);
    QSignalSpy heardMessages(reader.get(), &ConversationStore::messagesChanged);
    QSignalSpy echoedConversations(writer.get(), &ConversationStore::conversationsChanged);
    QSignalSpy echoedMessages(writer.get(), &ConversationStore::messagesChanged);

    const ConversationRecord conversation = newConversation();
    const MessageRecord message = newMessage(conversation.id, {}, u"hello"_s);
    writer->saveConversation(conversation);
    writer->saveMessage(message);

    const auto heard = [&] {
        bool conversationHeard = false;
        for (const QList<QVariant> &args : std::as_const(heardConversations))
            conversationHeard |= args.at(0).toStringList().contains(conversation.id);
        bool messageHeard = false;
        for (const QList<QVariant> &args : std::as_const(heardMessages))
            messageHeard |=
                args.at(0).toString() == conversation.id && args.at(1).toStringList().contains(message.id);
        return conversationHeard && messageHeard;
    };
    QTRY_VERIFY_WITH_TIMEOUT(heard(), 5000);

    // Our own writes are not echoed back to us.
    QTest::qWait(500);
    QCOMPARE(echoedConversations.count(), 0);
    QCOMPARE(echoedMessages.count(), 0);
}

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversationstore.moc"
