// SPDX-License-Identifier: GPL-3.0-or-later
// The asynchronous store on both backends: order, threads, status, and the faults it must
// ride out (a full disk, a PostgreSQL server that goes away and comes back).
#include "tst_conversationstore.h"

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
