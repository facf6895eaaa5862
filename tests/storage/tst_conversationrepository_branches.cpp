// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationRepository, continued: branches, streamed text, damaged chains, NUL and cycles.
#include "tst_conversationrepository.h"

void TestConversationRepository::branchesAndSiblings()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Tree"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));
    // Another conversation, so that nothing leaks across.
    const ConversationRecord other = conversationAt(QStringLiteral("Other"), 1700000000000);
    VERIFY_OK(repository.saveConversation(other));
    VERIFY_OK(repository.saveMessage(messageIn(other.id, {}, Role::User, QStringLiteral("x"), 1)));

    qint64 clock = 1700000000000;
    const auto add = [&](const QString &parent, Role role, const QString &text) {
        MessageRecord message = messageIn(conversation.id, parent, role, text, ++clock);
        const StorageError error = repository.saveMessage(message);
        if (error.isError())
            qWarning() << describe(error);
        return message.id;
    };
    // u1 → a1 → u2 → a2 → u3 → a3, then a regeneration of a3 (a3b), then an edit of u2
    // (u2b → a2b → u3b → a3c): the current leaf is the last one saved.
    const QString u1 = add({}, Role::User, QStringLiteral("u1"));
    const QString a1 = add(u1, Role::Assistant, QStringLiteral("a1"));
    const QString u2 = add(a1, Role::User, QStringLiteral("u2"));
    const QString a2 = add(u2, Role::Assistant, QStringLiteral("a2"));
    const QString u3 = add(a2, Role::User, QStringLiteral("u3"));
    const QString a3 = add(u3, Role::Assistant, QStringLiteral("a3"));
    const QString a3b = add(u3, Role::Assistant, QStringLiteral("a3b"));
    const QString u2b = add(a1, Role::User, QStringLiteral("u2b"));
    const QString a2b = add(u2b, Role::Assistant, QStringLiteral("a2b"));
    const QString u3b = add(a2b, Role::User, QStringLiteral("u3b"));
    const QString a3c = add(u3b, Role::Assistant, QStringLiteral("a3c"));
    QVERIFY(!QTest::currentTestFailed());

    const QStringList edited{a3c, u3b, a2b, u2b, a1, u1};
    QCOMPARE(repository.conversation(conversation.id).value.currentLeafId, a3c);
    QCOMPARE(idsOf(repository.branch(conversation.id, {}, 100).value), edited);

    // Paged newest first, in pages of two, each starting above the last one's oldest.
    const auto pagedBranch = [&](int pageSize) {
        QStringList ids;
        QString before;
        for (int i = 0; i < 20; ++i) {
            const StorageResult<QList<MessageRecord>> page =
                repository.branch(conversation.id, before, pageSize);
            if (!page.ok() || page.value.isEmpty())
                break;
            ids += idsOf(page.value);
            before = page.value.last().id;
        }
        return ids;
    };
    QCOMPARE(pagedBranch(2), edited);
    QCOMPARE(pagedBranch(4), edited);
    QCOMPARE(pagedBranch(1), edited);
    QCOMPARE(idsOf(repository.branch(conversation.id, u2b, 2).value), (QStringList{a1, u1}));
    QCOMPARE(repository.branch(conversation.id, u1, 5).value.size(), 0);
    QCOMPARE(repository.branch(conversation.id, {}, 0).value.size(), 0);
    // A message of another conversation is no starting point here.
    QCOMPARE(repository.branch(other.id, a2b, 5).value.size(), 0);

    QStringList oldestFirst = edited;
    std::reverse(oldestFirst.begin(), oldestFirst.end());
    StorageResult<QList<MessageRecord>> full = repository.fullBranch(conversation.id);
    QVERIFY(full.ok());
    QCOMPARE(idsOf(full.value), oldestFirst);
    QCOMPARE(full.value.first().content, QStringLiteral("u1"));

    // Switching to the regenerated answer of the first version.
    VERIFY_OK(repository.setCurrentLeaf(conversation.id, a3b));
    QCOMPARE(idsOf(repository.branch(conversation.id, {}, 3).value), (QStringList{a3b, u3, a2}));
    QCOMPARE(pagedBranch(3), (QStringList{a3b, u3, a2, u2, a1, u1}));
    QCOMPARE(idsOf(repository.fullBranch(conversation.id).value), (QStringList{u1, a1, u2, a2, u3, a3b}));

    // Siblings, oldest first.
    QCOMPARE(idsOf(repository.siblings(a3).value), (QStringList{a3, a3b}));
    QCOMPARE(idsOf(repository.siblings(a3b).value), (QStringList{a3, a3b}));
    QCOMPARE(idsOf(repository.siblings(u2b).value), (QStringList{u2, u2b}));
    QCOMPARE(idsOf(repository.siblings(a1).value), (QStringList{a1}));
    QCOMPARE(idsOf(repository.siblings(u1).value), (QStringList{u1}));
    // Roots are siblings too (an edit of the first message), within their conversation only.
    const QString u1b = add({}, Role::User, QStringLiteral("u1b"));
    QCOMPARE(idsOf(repository.siblings(u1).value), (QStringList{u1, u1b}));
    QCOMPARE(repository.siblings(newId()).error.kind, Kind::NotFound);

    // No leaf: nothing to show.
    VERIFY_OK(repository.setCurrentLeaf(conversation.id, {}));
    QCOMPARE(repository.conversation(conversation.id).value.currentLeafId, QString());
    QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 0);
    QCOMPARE(repository.fullBranch(conversation.id).value.size(), 0);
    // A leaf may name a message that has not landed yet.
    const QString future = newId();
    VERIFY_OK(repository.setCurrentLeaf(conversation.id, future));
    QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 0);
}

void TestConversationRepository::streamingTextIsAppendedOnce()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Chat"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));
    MessageRecord answer =
        messageIn(conversation.id, {}, Role::Assistant, QStringLiteral("Once"), 1700000001000);
    answer.status = Status::Streaming;
    answer.writerId = newId();
    VERIFY_OK(repository.saveMessage(answer));

    const QDateTime first = answer.updatedAt;
    const QDateTime second = first.addMSecs(200);
    const QDateTime third = second.addMSecs(200);
    VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" upon"), first, second));
    VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" upon"), first, second)); // again
    VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" a time 🎉"), second, third));
    StorageResult<MessageRecord> read = repository.message(answer.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.content, QStringLiteral("Once upon a time 🎉"));
    QCOMPARE(read.value.updatedAt, third);
    QCOMPARE(read.value.status, Status::Streaming);

    answer.content = read.value.content;
    answer.status = Status::Complete;
    answer.writerId.clear();
    answer.updatedAt = third.addMSecs(200);
    VERIFY_OK(repository.saveMessage(answer));
    VERIFY_OK(repository.appendStreamingText(answer.id, QStringLiteral(" late"), answer.updatedAt,
                                             answer.updatedAt.addMSecs(1)));
    read = repository.message(answer.id);
    QCOMPARE(read.value.content, QStringLiteral("Once upon a time 🎉"));
    QCOMPARE(read.value.status, Status::Complete);
}

void TestConversationRepository::damagedChainEnds()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Loop"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));
    // Two messages that name each other as parent: the walk must still end.
    MessageRecord a = messageIn(conversation.id, {}, Role::User, QStringLiteral("a"), 1);
    MessageRecord b = messageIn(conversation.id, a.id, Role::Assistant, QStringLiteral("b"), 2);
    a.parentId = b.id;
    VERIFY_OK(repository.saveMessage(a));
    VERIFY_OK(repository.saveMessage(b));
    QCOMPARE(repository.branch(conversation.id, {}, 10).value.size(), 10);
    QCOMPARE(repository.fullBranch(conversation.id).value.size(), 2);
}

void TestConversationRepository::nulRoundTrips()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const QString withNul = QStringLiteral("a") + QChar(0) + QStringLiteral("b") + QChar(0xFDD0) +
                            QStringLiteral("0c") + QChar(0xFDD0) + QChar(0) + QChar(0);
    ConversationRecord conversation = conversationAt(withNul, 1700000000000);
    conversation.systemPrompt = withNul;
    VERIFY_OK(repository.saveConversation(conversation));
    MessageRecord message = messageIn(conversation.id, {}, Role::User, withNul, 1);
    message.errorText = withNul;
    VERIFY_OK(repository.saveMessage(message));

    const StorageResult<ConversationRecord> read = repository.conversation(conversation.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.title, withNul);
    QCOMPARE(read.value.systemPrompt, withNul);
    const StorageResult<MessageRecord> readMessage = repository.message(message.id);
    QVERIFY2(readMessage.ok(), qPrintable(describe(readMessage.error)));
    QCOMPARE(readMessage.value.content, withNul);
    QCOMPARE(readMessage.value.errorText, withNul);
    QCOMPARE(repository.fullBranch(conversation.id).value.value(0).content, withNul);
}

void TestConversationRepository::latestLeafUnderEndsOnACycle()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Cycle"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));
    // r → a → b → c, and x, y on their own.
    const MessageRecord r = messageIn(conversation.id, {}, Role::User, QStringLiteral("r"), 1);
    const MessageRecord a = messageIn(conversation.id, r.id, Role::Assistant, QStringLiteral("a"), 2);
    const MessageRecord b = messageIn(conversation.id, a.id, Role::User, QStringLiteral("b"), 3);
    const MessageRecord c = messageIn(conversation.id, b.id, Role::Assistant, QStringLiteral("c"), 4);
    const MessageRecord x = messageIn(conversation.id, {}, Role::User, QStringLiteral("x"), 5);
    const MessageRecord y = messageIn(conversation.id, x.id, Role::Assistant, QStringLiteral("y"), 6);
    for (const MessageRecord &message : {r, a, b, c, x, y})
        VERIFY_OK(repository.saveMessage(message));
    QCOMPARE(repository.latestLeafUnder(a.id).value, c.id);

    // Without the fix the walk never ends: a time limit turns that into a failure on
    // PostgreSQL (SQLite has none; the test then hangs until ctest's timeout).
    QSqlQuery query(db->connection());
    if (db->dialect() == Database::Dialect::Postgres)
        QVERIFY(query.exec(QStringLiteral("SET statement_timeout = '20s'")));
    // A cycle written behind Confab's back: a ⇄ b, with c still below b; and x ⇄ y, no leaf.
    query.prepare(QStringLiteral("UPDATE messages SET parent_id = ? WHERE id = ?"));
    for (const auto &[parent, child] : {std::pair{b.id, a.id}, std::pair{y.id, x.id}}) {
        query.addBindValue(parent);
        query.addBindValue(child);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    }
    const StorageResult<QString> underA = repository.latestLeafUnder(a.id);
    QVERIFY2(underA.ok(), qPrintable(describe(underA.error)));
    QCOMPARE(underA.value, c.id);
    const StorageResult<QString> underX = repository.latestLeafUnder(x.id);
    QVERIFY2(underX.ok(), qPrintable(describe(underX.error)));
    QCOMPARE(underX.value, y.id); // no leaf: the newest message of the cycle
    QCOMPARE(repository.latestLeafUnder(newId()).error.kind, Kind::NotFound);
}
