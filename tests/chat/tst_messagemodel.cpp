// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_messagemodel.h"

void TestMessageModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMessageModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

bool TestMessageModel::openStore(const QString &backend)
{
    QString error;
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!config) {
        qWarning() << error;
        return false;
    }
    m_store = std::make_unique<ConversationStore>(*config);
    if (!QTest::qWaitFor([&] { return m_store->status() == ConversationStore::Status::Ready; }, timeout))
        return false;
    m_model = std::make_unique<MessageModel>(m_store.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    return true;
}

QStringList TestMessageModel::seed(int count)
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    ConversationRecord conversation;
    conversation.id = m_conversationId = newId();
    conversation.title = u"Long"_s;
    conversation.createdAt = conversation.updatedAt = start;
    m_store->saveConversation(conversation);
    QStringList ids;
    QString parent;
    for (int i = 0; i < count; ++i) {
        MessageRecord message;
        message.id = newId();
        message.conversationId = m_conversationId;
        message.parentId = parent;
        message.role = i % 2 == 0 ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
        message.content = u"message %1"_s.arg(i);
        message.createdAt = message.updatedAt = start.addMSecs(i);
        m_store->saveMessage(message);
        ids.append(message.id);
        parent = message.id;
    }
    QFuture<void> flushed = m_store->flush();
    if (!QTest::qWaitFor([&] { return flushed.isFinished(); }, timeout))
        qWarning() << "the seed messages were not written in time";
    return ids;
}

void TestMessageModel::newestPageFirstThenOlderPagesAtTheTop()
{
    QFETCH(QString, backend);
    QVERIFY(openStore(backend));
    const QStringList ids = seed(300);

    QSignalSpy loaded(m_model.get(), &MessageModel::loaded);
    m_model->load(m_conversationId);
    QVERIFY(m_model->isLoading());
    QVERIFY(!m_model->canFetchMore({}));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, timeout);
    QVERIFY(loaded.first().first().toString().isEmpty());

    QCOMPARE(m_model->rowCount(), MessageModel::pageSize);
    QCOMPARE(idAt(*m_model, 0), ids.at(300 - MessageModel::pageSize));
    QCOMPARE(idAt(*m_model, m_model->rowCount() - 1), ids.last());
    QCOMPARE(roleAt(*m_model, m_model->rowCount() - 1, MessageModel::ContentRole).toString(),
             u"message 299"_s);
    QCOMPARE(roleAt(*m_model, m_model->rowCount() - 1, MessageModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::SaveStateRole).toString(), u"saved"_s);
    QVERIFY(!m_model->hasAllMessages());

    // Older pages arrive at the top, without a reset, until the first message.
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    // (QAbstractItemModelTester calls fetchMore() too, as a view would: pages may come from it.)
    int rounds = 0;
    while (!m_model->hasAllMessages()) {
        const int before = m_model->rowCount();
        if (m_model->canFetchMore({})) {
            m_model->fetchMore({});
            QVERIFY(!m_model->canFetchMore({})); // one read at a time
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowCount() > before || m_model->hasAllMessages(), timeout);
        QCOMPARE((m_model->rowCount() - before) % MessageModel::pageSize, 0);
        QVERIFY(++rounds <= 5);
    }
    QCOMPARE(m_model->rowCount(), 300);
    QCOMPARE(reset.count(), 0);
    for (const QList<QVariant> &arguments : std::as_const(inserted))
        QCOMPARE(arguments.at(1).toInt(), 0);
    for (int row = 0; row < 300; ++row)
        QCOMPARE(idAt(*m_model, row), ids.at(row));
    QVERIFY(m_model->hasAllMessages());
}

void TestMessageModel::branchIndexAndCountFromSiblings()
{
    QFETCH(QString, backend);
    QVERIFY(openStore(backend));
    const QStringList ids = seed(2);
    // Two more replies to the first message; the newest is the current leaf.
    QString last;
    for (int i = 0; i < 2; ++i) {
        MessageRecord reply;
        reply.id = last = newId();
        reply.conversationId = m_conversationId;
        reply.parentId = ids.first();
        reply.role = MessageRecord::Role::Assistant;
        reply.content = u"alternative %1"_s.arg(i);
        reply.createdAt = reply.updatedAt = QDateTime::currentDateTimeUtc().addMSecs(i);
        m_store->saveMessage(reply);
    }
    QFuture<void> flushed = m_store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(flushed.isFinished(), timeout);

    m_model->load(m_conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(*m_model, 1), last);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 3, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 2);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 1);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchIndexRole).toInt(), 0);
}

void TestMessageModel::streamedTextIsCoalescedPerFrame()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MessageRecord user;
    user.id = newId();
    user.content = u"Hi"_s;
    MessageRecord reply;
    reply.id = newId();
    reply.role = MessageRecord::Role::Assistant;
    reply.status = MessageRecord::Status::Streaming;
    model.appendMessage(user, MessageModel::SaveState::Saving);
    model.appendMessage(reply, MessageModel::SaveState::Saving);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 0; i < 200; ++i)
        model.appendContent(reply.id, u"w%1 "_s.arg(i));
    QCOMPARE(changed.count(), 0); // nothing until the frame
    QCOMPARE(model.message(1).content.size(), QString(u"w0 "_s).size() * 10 + 4 * 90 + 5 * 100);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>{MessageModel::ContentRole});
    QVERIFY(roleAt(model, 1, MessageModel::ContentRole).toString().endsWith(u"w199 "_s));

    // A delta for a row that is not shown (another conversation's stream) changes nothing.
    model.appendContent(newId(), u"x"_s);
    QTest::qWait(50);
    QCOMPARE(changed.count(), 1);
}

void TestMessageModel::flushSendsPendingTextAtOnce()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    MessageRecord reply;
    reply.id = newId();
    reply.role = MessageRecord::Role::Assistant;
    model.appendMessage(reply, MessageModel::SaveState::Saving);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendContent(reply.id, u"Hello"_s);
    model.flushContent();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(roleAt(model, 0, MessageModel::ContentRole).toString(), u"Hello"_s);
    QTest::qWait(40); // the frame timer has nothing left to send
    QCOMPARE(changed.count(), 1);
}

void TestMessageModel::rowsAddedUpdatedAndReplaced()
{
    MessageModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        MessageRecord message;
        message.id = newId();
        message.role = i % 2 ? MessageRecord::Role::Assistant : MessageRecord::Role::User;
        message.content = QString::number(i);
        model.appendMessage(message, MessageModel::SaveState::Saving, 0, 1);
        ids.append(message.id);
    }
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(ids.at(2)), 2);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSaveState(ids.at(1), MessageModel::SaveState::NotSaved);
    QCOMPARE(roleAt(model, 1, MessageModel::SaveStateRole).toString(), u"notSaved"_s);
    QCOMPARE(changed.last().at(2).value<QList<int>>(), QList<int>{MessageModel::SaveStateRole});

    MessageRecord failed = model.message(3);
    failed.status = MessageRecord::Status::Error;
    failed.errorText = u"server error (HTTP 500)"_s;
    model.updateMessage(failed);
    QCOMPARE(roleAt(model, 3, MessageModel::StatusRole).toString(), u"error"_s);
    QCOMPARE(roleAt(model, 3, MessageModel::ErrorTextRole).toString(), failed.errorText);
    QCOMPARE(roleAt(model, 3, MessageModel::ContentRole).toString(), u"3"_s); // never spliced in
    const QList<int> roles = changed.last().at(2).value<QList<int>>();
    QVERIFY(roles.contains(MessageModel::StatusRole) && roles.contains(MessageModel::ErrorTextRole));
    QVERIFY(!roles.contains(MessageModel::ContentRole));

    MessageRecord counted = model.message(3);
    counted.promptTokens = 12;
    counted.completionTokens = 340;
    model.updateMessage(counted);
    QCOMPARE(roleAt(model, 3, MessageModel::UsageRole).toString(), u"12 prompt + 340 reply tokens"_s);
    QCOMPARE(
        changed.last().at(2).value<QList<int>>(),
        (QList<int>{MessageModel::PromptTokensRole, MessageModel::ReplyTokensRole, MessageModel::UsageRole}));
    model.setBranch(ids.at(3), 1, 2);
    QCOMPARE(roleAt(model, 3, MessageModel::BranchIndexRole).toInt(), 1);
    QCOMPARE(roleAt(model, 3, MessageModel::BranchCountRole).toInt(), 2);

    model.removeFrom(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(ids.at(2)), -1);
    QCOMPARE(model.messagesUpTo(1).size(), 2);
}

void TestMessageModel::roleNamesFollowTheContract()
{
    MessageModel model(nullptr);
    const QHash<int, QByteArray> names = model.roleNames();
    const QList<QByteArray> expected{
        "messageId",       "role",         "content",        "blocks",          "status",
        "errorText",       "saveState",    "model",          "usage",           "branchIndex",
        "branchCount",     "finishReason", "reasoning",      "reasoningBlocks", "thinking",
        "thinkingSince",   "thinkingMs",   "thinkingOpen",   "promptTokens",    "replyTokens",
        "reasoningTokens", "firstTokenMs", "tokensPerSecond"};
    for (const QByteArray &name : expected)
        QVERIFY2(names.values().contains(name), name.constData());
    QCOMPARE(names.value(MessageModel::MessageIdRole), "messageId");
    QVERIFY(MessageModel::MessageIdRole == Qt::UserRole + 1);
}

QTEST_GUILESS_MAIN(TestMessageModel)
