// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationStore, continued: the faults it rides out: a full disk, a stuck write, a PostgreSQL outage.
#include "tst_conversationstore.h"

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
