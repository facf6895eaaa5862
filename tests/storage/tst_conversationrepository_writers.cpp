// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationRepository, continued: deleting and concurrent writers.
#include "tst_conversationrepository.h"

void TestConversationRepository::cascadeDelete()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord doomed = conversationAt(QStringLiteral("Doomed"), 1700000000000);
    const ConversationRecord kept = conversationAt(QStringLiteral("Kept"), 1700000000000);
    VERIFY_OK(repository.saveConversation(doomed));
    VERIFY_OK(repository.saveConversation(kept));
    QString parent;
    for (int i = 0; i < 5; ++i) {
        MessageRecord message = messageIn(doomed.id, parent, Role::User, QStringLiteral("gone %1").arg(i), i);
        VERIFY_OK(repository.saveMessage(message));
        parent = message.id;
    }
    VERIFY_OK(repository.saveMessage(messageIn(kept.id, {}, Role::User, QStringLiteral("stays"), 1)));

    if (db->dialect() == Database::Dialect::Sqlite)
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_keys")), 1);
    VERIFY_OK(repository.deleteConversation(doomed.id));
    QCOMPARE(
        scalar(*db, QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = ?"), {doomed.id}),
        0);
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 1);
    QCOMPARE(repository.conversation(kept.id).value.messageCount, 1);
    QCOMPARE(repository.message(parent).error.kind, Kind::NotFound);
    QCOMPARE(repository.branch(doomed.id, {}, 10).value.size(), 0);

    // The schema's own cascade, without our explicit delete.
    QSqlQuery query(db->connection());
    query.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
    query.addBindValue(kept.id);
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 0);
}

void TestConversationRepository::concurrentWriters()
{
    QFETCH(QString, backend);
    QString why;
    std::optional<DatabaseConfig> config;
    const std::unique_ptr<Database> db = freshDatabase(backend, m_dir.path(), &why, &config);
    QVERIFY2(db, qPrintable(why));
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Busy"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));

    // Two connections on two threads, each writing its own chain into the same conversation.
    // A transient failure (SQLite's lock after its busy timeout) is retried, as the store does.
    constexpr int perWriter = 60;
    QStringList failures[2];
    const auto writer = [&](int index) {
        QString error;
        const std::unique_ptr<Database> own = openDatabase(*config, &error);
        if (!own) {
            failures[index].append(error);
            return;
        }
        ConversationRepository writes(*own);
        QString parent;
        for (int i = 0; i < perWriter; ++i) {
            MessageRecord message = messageIn(conversation.id, parent, Role::User,
                                              QStringLiteral("w%1 %2").arg(index).arg(i), 1700000000000 + i);
            StorageError saved = writes.saveMessage(message);
            for (int attempt = 0; saved.isTransient() && attempt < 20; ++attempt) {
                QThread::msleep(10);
                saved = writes.saveMessage(message);
            }
            if (saved.isError())
                failures[index].append(describe(saved));
            parent = message.id;
        }
    };
    std::unique_ptr<QThread> first(QThread::create(writer, 0));
    std::unique_ptr<QThread> second(QThread::create(writer, 1));
    first->start();
    second->start();
    // Joining worker threads is what a test must do before it reads their results.
    QVERIFY(first->wait(QDeadlineTimer(120000)));
    QVERIFY(second->wait(QDeadlineTimer(120000)));
    QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0].join(u'\n')));
    QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1].join(u'\n')));
    QCOMPARE(repository.conversation(conversation.id).value.messageCount, 2 * perWriter);
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(DISTINCT content) FROM messages")), 2 * perWriter);
    // Each chain is whole: its leaf reaches its root.
    const QString leaf = repository.conversation(conversation.id).value.currentLeafId;
    QVERIFY(!leaf.isEmpty());
    QCOMPARE(repository.fullBranch(conversation.id).value.size(), perWriter);
}
