// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationRepository, continued: messages, and the list's order and paging.
#include "tst_conversationrepository.h"

void TestConversationRepository::messageRoundTrip()
{
    OPEN_FRESH(db);
    ConversationRepository repository(*db);
    const ConversationRecord conversation = conversationAt(QStringLiteral("Chat"), 1700000000000);
    VERIFY_OK(repository.saveConversation(conversation));

    MessageRecord question = messageIn(conversation.id, {}, Role::User,
                                       QStringLiteral("What's \"this\"? \\ 'x' ; -- 🎉 café"), 1700000001000);
    VERIFY_OK(repository.saveMessage(question));
    MessageRecord answer =
        messageIn(conversation.id, question.id, Role::Assistant, QStringLiteral("It"), 1700000002000);
    answer.status = Status::Streaming;
    answer.writerId = newId();
    answer.model = QStringLiteral("gpt-4o");
    VERIFY_OK(repository.saveMessage(answer));

    StorageResult<MessageRecord> read = repository.message(answer.id);
    QVERIFY2(read.ok(), qPrintable(describe(read.error)));
    QCOMPARE(read.value.conversationId, conversation.id);
    QCOMPARE(read.value.parentId, question.id);
    QCOMPARE(read.value.role, Role::Assistant);
    QCOMPARE(read.value.status, Status::Streaming);
    QCOMPARE(read.value.writerId, answer.writerId);
    QCOMPARE(read.value.promptTokens, std::nullopt);
    QCOMPARE(read.value.createdAt, answer.createdAt);
    QCOMPARE(read.value.createdAt.timeSpec(), Qt::UTC);

    read = repository.message(question.id);
    QVERIFY(read.ok());
    QCOMPARE(read.value.content, question.content);
    QCOMPARE(read.value.parentId, QString());
    QCOMPARE(read.value.role, Role::User);
    QCOMPARE(read.value.status, Status::Complete);
    QCOMPARE(read.value.writerId, QString());

    // The conversation follows: newest update, and the current leaf.
    StorageResult<ConversationRecord> owner = repository.conversation(conversation.id);
    QVERIFY(owner.ok());
    QCOMPARE(owner.value.currentLeafId, answer.id);
    QCOMPARE(owner.value.updatedAt, answer.updatedAt);
    QCOMPARE(owner.value.messageCount, 2);

    // Finishing the stream: an upsert of the same id, whose writer goes.
    answer.content = QStringLiteral("It is a test.");
    answer.status = Status::Complete;
    answer.finishReason = QStringLiteral("stop");
    answer.promptTokens = 12;
    answer.completionTokens = 5;
    answer.totalTokens = 17;
    answer.updatedAt = at(1700000003000);
    VERIFY_OK(repository.saveMessage(answer));
    VERIFY_OK(repository.saveMessage(answer)); // idempotent
    read = repository.message(answer.id);
    QVERIFY(read.ok());
    QCOMPARE(read.value.content, answer.content);
    QCOMPARE(read.value.status, Status::Complete);
    QCOMPARE(read.value.finishReason, QStringLiteral("stop"));
    QCOMPARE(read.value.promptTokens, std::optional<qint64>(12));
    QCOMPARE(read.value.completionTokens, std::optional<qint64>(5));
    QCOMPARE(read.value.totalTokens, std::optional<qint64>(17));
    QCOMPARE(read.value.createdAt, answer.createdAt);
    QCOMPARE(read.value.updatedAt, answer.updatedAt);
    QCOMPARE(read.value.writerId, QString());
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages WHERE writer_id IS NOT NULL")), 0);
    QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM messages")), 2);

    // makeCurrent = false leaves the leaf where it is, but still bumps updated_at.
    MessageRecord draft =
        messageIn(conversation.id, answer.id, Role::User, QStringLiteral("draft"), 1700000004000);
    VERIFY_OK(repository.saveMessage(draft, false));
    owner = repository.conversation(conversation.id);
    QCOMPARE(owner.value.currentLeafId, answer.id);
    QCOMPARE(owner.value.updatedAt, draft.updatedAt);

    // All statuses and roles survive the database's CHECK constraints.
    for (const Status status : {Status::Pending, Status::Streaming, Status::Complete, Status::Stopped,
                                Status::Interrupted, Status::Error}) {
        MessageRecord message = messageIn(conversation.id, {}, Role::System, QStringLiteral("s"), 1);
        message.status = status;
        message.errorText = QStringLiteral("why");
        VERIFY_OK(repository.saveMessage(message, false));
        QCOMPARE(repository.message(message.id).value.status, status);
    }

    // A message without its conversation is refused, saying so.
    MessageRecord orphan = messageIn(newId(), {}, Role::User, QStringLiteral("lost"), 1);
    QCOMPARE(repository.saveMessage(orphan).kind, Kind::NotFound);
    QCOMPARE(repository.message(orphan.id).error.kind, Kind::NotFound);
    QCOMPARE(repository.setCurrentLeaf(newId(), answer.id).kind, Kind::NotFound);
}

void TestConversationRepository::listOrderingAndPaging_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("archived");
    QTest::addColumn<int>("pageSize");
    for (const QString &backend : TestDatabases::backends()) {
        for (const int page : {1, 4, 50}) {
            QTest::addRow("%s-hidden-%d", qPrintable(backend), page)
                << backend << int(ConversationQuery::Archived::Hidden) << page;
            QTest::addRow("%s-only-%d", qPrintable(backend), page)
                << backend << int(ConversationQuery::Archived::Only) << page;
            QTest::addRow("%s-included-%d", qPrintable(backend), page)
                << backend << int(ConversationQuery::Archived::Included) << page;
        }
    }
}

void TestConversationRepository::listOrderingAndPaging()
{
    QFETCH(int, archived);
    QFETCH(int, pageSize);
    OPEN_FRESH(db);
    ConversationRepository repository(*db);

    // 30 conversations; some pinned, some archived, some sharing an updated_at (the id breaks
    // the tie), each with i % 3 messages.
    QList<ConversationRecord> all;
    for (int i = 0; i < 30; ++i) {
        ConversationRecord conversation =
            conversationAt(QStringLiteral("c%1").arg(i), 1700000000000 + (i / 2) * 1000);
        conversation.pinned = i % 7 == 0;
        conversation.archived = i % 4 == 0;
        VERIFY_OK(repository.saveConversation(conversation));
        QString parent;
        for (int m = 0; m < i % 3; ++m) {
            // Saved with the conversation's own time so the order stays as planned.
            MessageRecord message = messageIn(conversation.id, parent, Role::User, QStringLiteral("m"),
                                              conversation.updatedAt.toMSecsSinceEpoch());
            VERIFY_OK(repository.saveMessage(message));
            parent = message.id;
        }
        conversation.messageCount = i % 3;
        all.append(conversation);
    }

    const auto mode = ConversationQuery::Archived(archived);
    QList<ConversationRecord> expected;
    for (const ConversationRecord &conversation : std::as_const(all)) {
        if (mode == ConversationQuery::Archived::Included ||
            conversation.archived == (mode == ConversationQuery::Archived::Only))
            expected.append(conversation);
    }
    std::sort(expected.begin(), expected.end(), [](const ConversationRecord &a, const ConversationRecord &b) {
        if (a.pinned != b.pinned)
            return a.pinned;
        if (a.updatedAt != b.updatedAt)
            return a.updatedAt > b.updatedAt;
        return a.id > b.id;
    });

    QList<ConversationRecord> listed;
    ConversationQuery query;
    query.archived = mode;
    query.limit = pageSize;
    for (int pages = 0; pages < 100; ++pages) {
        const StorageResult<QList<ConversationRecord>> page = repository.listConversations(query);
        QVERIFY2(page.ok(), qPrintable(describe(page.error)));
        QVERIFY(page.value.size() <= pageSize);
        if (page.value.isEmpty())
            break;
        listed.append(page.value);
        query.afterSet = true;
        query.afterPinned = page.value.last().pinned;
        query.afterUpdatedAt = page.value.last().updatedAt;
        query.afterId = page.value.last().id;
    }
    QCOMPARE(idsOf(listed), idsOf(expected));
    for (qsizetype i = 0; i < listed.size(); ++i) {
        QCOMPARE(listed[i].messageCount, expected[i].messageCount);
        QCOMPARE(listed[i].archived, expected[i].archived);
        QCOMPARE(listed[i].pinned, expected[i].pinned);
        QCOMPARE(listed[i].title, expected[i].title);
    }
}
