// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatController, continued: branches, opening a conversation, follow-ups, titles, drafts and renames.
#include "tst_chatcontroller.h"

void TestChatController::regenerateAndEditMakeBranches()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    QVERIFY(exchange(u"Question"_s, {u"First answer"_s}));
    const QString userId = idAt(*m_model, 0);
    const QString firstId = idAt(*m_model, 1);

    // Regenerate: a second reply beside the first, sent the same context.
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Second answer"_s}));
    m_controller->regenerate(firstId);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(idAt(*m_model, 1) != firstId);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 1);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2);
    QVERIFY(waitForSaved(1));
    const QString secondId = idAt(*m_model, 1);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Second answer"_s);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Question"_s});

    // ‹ back to the first reply, › forward again.
    m_controller->switchBranch(secondId, -1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 1), firstId, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"First answer"_s);
    // A row read afresh shows 0 of 1 until its siblings are read: wait for them.
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 0);
    QCOMPARE(idAt(*m_model, 0), userId);     // the rows above stay
    m_controller->switchBranch(firstId, -1); // nothing before the first
    m_controller->switchBranch(firstId, +1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 1), secondId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 1, timeout);

    // Edit the question: a second question beside the first, with its own reply.
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Answer to the edit"_s}));
    m_controller->editAndResend(userId, u"Better question"_s);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::ContentRole).toString(), u"Better question"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchIndexRole).toInt(), 1);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2);
    QVERIFY(waitForSaved(1));
    QVERIFY(waitForSaved(0));
    const QString editedId = idAt(*m_model, 0);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Better question"_s});
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Answer to the edit"_s);

    // Back to the first question: it shows with the reply that was last shown under it.
    m_controller->switchBranch(editedId, -1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 0), userId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(*m_model, 1), secondId);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchIndexRole).toInt(), 0, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2, timeout);

    // The store agrees: reopening shows the same branch.
    const QString conversationId = m_controller->conversationId();
    m_controller->newChat();
    QCOMPARE(m_model->rowCount(), 0);
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(*m_model, 0), userId);
    QCOMPARE(idAt(*m_model, 1), secondId);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2, timeout);

    // In a later session, a version not shown yet comes with its newest reply, not alone.
    makeController();
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2, timeout);
    m_controller->switchBranch(userId, +1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 0), editedId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Answer to the edit"_s);
}

void TestChatController::openConversationLoadsPagesAndScrolls()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = u"Long"_s;
    conversation.createdAt = conversation.updatedAt = start;
    m_store->saveConversation(conversation);
    QStringList ids;
    for (int i = 0; i < 300; ++i) {
        MessageRecord message;
        message.id = newId();
        message.conversationId = conversation.id;
        message.parentId = ids.isEmpty() ? QString() : ids.last();
        message.role = i % 2 == 0 ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
        message.content = u"message %1"_s.arg(i);
        message.createdAt = message.updatedAt = start.addMSecs(i);
        m_store->saveMessage(message);
        ids.append(message.id);
    }
    QFuture<void> flushed = m_store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(flushed.isFinished(), timeout);

    // Only the newest page shows, yet a follow-up carries the whole branch, in order. (The
    // model tester asks for older pages as a view would, so rows may be added at the top.)
    m_controller->openConversation(conversation.id);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowCount() >= MessageModel::pageSize, timeout);
    QVERIFY(m_model->rowCount() < 300);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"ok"_s}));
    m_controller->send(u"And now?"_s);
    const QString userId = idAt(*m_model, m_model->rowCount() - 2);
    const QString replyId = idAt(*m_model, m_model->rowCount() - 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleAt(*m_model, m_model->rowOf(replyId), MessageModel::SaveStateRole).toString(), u"saved"_s,
        timeout);
    const QStringList sent = sentMessages(m_server->lastRequest());
    QCOMPARE(sent.size(), 301);
    QCOMPARE(sent.first(), u"user: message 0"_s);
    QCOMPARE(sent.at(299), u"assistant: message 299"_s);
    QCOMPARE(sent.last(), u"user: And now?"_s);
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.messageField(userId, u"parent_id"_s), ids.last());
    QCOMPARE(peek.messageField(replyId, u"parent_id"_s), userId);

    // A search hit far up the branch: older pages are read until it shows.
    makeController();
    QSignalSpy scrolled(m_controller.get(), &ChatController::scrollToMessage);
    m_controller->openConversation(conversation.id, ids.at(10));
    QCOMPARE(m_controller->conversationId(), conversation.id);
    QTRY_COMPARE_WITH_TIMEOUT(scrolled.count(), 1, timeout);
    const int row = scrolled.first().first().toInt();
    QCOMPARE(idAt(*m_model, row), ids.at(10));
}

void TestChatController::followUpCarriesTheWholeBranch()
{
    QVERIFY(setUp());
    QVERIFY(exchange(u"One"_s, {u"Uno"_s}));
    QVERIFY(exchange(u"Two"_s, {u"Dos"_s}));
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"user: One"_s, u"assistant: Uno"_s, u"user: Two"_s}));
    QCOMPARE(m_model->rowCount(), 4);

    // Reopened, the conversation goes on where it was.
    const QString conversationId = m_controller->conversationId();
    makeController();
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, timeout);
    QVERIFY(exchange(u"Three"_s, {u"Tres"_s}));
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"user: One"_s, u"assistant: Uno"_s, u"user: Two"_s, u"assistant: Dos"_s,
                          u"user: Three"_s}));
}

void TestChatController::onlyTheFirstCompleteReplyAsksForATitle()
{
    QVERIFY(setUp());
    QSignalSpy completed(m_controller.get(), &ChatController::firstReplyCompleted);

    // A failed first reply names nothing; its successful retry does.
    m_server->enqueue("POST", chatPath.toByteArray(), ScriptedResponse::openAiError(400, u"Bad request"_s));
    m_controller->send(u"What is a monad?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"error"_s, timeout);
    QCOMPARE(completed.count(), 0);
    m_server->enqueue("POST", chatPath.toByteArray(),
                      reply({u"A monoid in the "_s, u"category of endofunctors."_s}));
    m_controller->retry(idAt(*m_model, 1));
    QVERIFY(waitForSaved(1));
    QCOMPARE(completed.count(), 1);
    const QList<QVariant> arguments = completed.takeFirst();
    QCOMPARE(arguments.at(0).toString(), m_controller->conversationId());
    QCOMPARE(arguments.at(1).toString(), u"What is a monad?"_s);
    QCOMPARE(arguments.at(2).toString(), u"A monoid in the category of endofunctors."_s);
    QVERIFY(!arguments.at(3).toString().isEmpty());

    // Follow-ups and regenerations do not rename it.
    QVERIFY(exchange(u"And a functor?"_s, {u"A map."_s}));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Another answer."_s}));
    m_controller->regenerate(idAt(*m_model, 1));
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s,
                              timeout);
    QCOMPARE(completed.count(), 0);

    // Nor does a conversation opened from the history.
    const QString conversationId = m_controller->conversationId();
    makeController();
    QSignalSpy reopened(m_controller.get(), &ChatController::firstReplyCompleted);
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QVERIFY(exchange(u"Thanks"_s, {u"Welcome"_s}));
    QCOMPARE(reopened.count(), 0);
}

void TestChatController::draftsAreKeptPerConversation()
{
    QVERIFY(setUp());
    QSignalSpy draftChanged(m_controller.get(), &ChatController::draftChanged);
    m_controller->setDraft(u"half a thought"_s);
    QCOMPARE(m_controller->draft(), u"half a thought"_s);
    QCOMPARE(draftChanged.count(), 1);
    // Written once typing pauses, not at every key.
    QVERIFY(!m_settings->contains(u"drafts/new"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_settings->value(u"drafts/new"_s).toString(), u"half a thought"_s, 2000);

    QVERIFY(exchange(u"Sent"_s, {u"Got it"_s}));
    QCOMPARE(m_controller->draft(), QString()); // sending empties it
    const QString conversationId = m_controller->conversationId();
    m_controller->setDraft(u"for this chat"_s);
    m_controller->newChat();
    QCOMPARE(m_controller->draft(), QString());
    m_controller->setDraft(u"for a new chat"_s);

    // Across a restart.
    makeController();
    QCOMPARE(m_controller->draft(), u"for a new chat"_s);
    m_controller->openConversation(conversationId);
    QCOMPARE(m_controller->draft(), u"for this chat"_s);
}

void TestChatController::renameSurvivesSettingsAndPins()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    QVERIFY(exchange(u"What is a monad?"_s, {u"A monoid in the category of endofunctors."_s}));
    const QString id = m_controller->conversationId();
    ConversationListModel list(m_store.get());
    list.fetchMore({});
    QTRY_VERIFY_WITH_TIMEOUT(list.rowOf(id) >= 0, timeout);
    DatabasePeek peek(*m_config);

    // Renamed in the sidebar; the controller's copy of the record still has the old title.
    list.rename(id, u"Monads, plainly"_s);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(id, u"title"_s), u"Monads, plainly"_s, timeout);

    // The chat's settings, then another profile, applied to the open conversation.
    ConversationParameters changed = m_controller->parameters();
    changed.setTemperatureOrNaN(0.5);
    m_controller->setParameters(changed);
    changed.profile = u"other-profile"_s;
    m_controller->setParameters(changed);
    m_controller->setModel(u"gpt-other"_s);
    bool settled = false;
    m_store->flush().then(this, [&settled] { settled = true; });
    QTRY_VERIFY_WITH_TIMEOUT(settled, timeout);
    QCOMPARE(peek.conversationField(id, u"title"_s), u"Monads, plainly"_s);
    QCOMPARE(peek.conversationField(id, u"model"_s), u"gpt-other"_s);
    // And the sidebar, whose copy has the old settings, pins and archives it.
    list.setPinned(id, true);
    list.setArchived(id, true);
    bool flushed = false;
    m_store->flush().then(this, [&flushed] { flushed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(flushed, timeout);

    // Read back after a restart: each change is there, none undid another.
    m_controller.reset();
    m_store.reset();
    m_store = std::make_unique<ConversationStore>(*m_config);
    const auto reread = take(m_store->conversation(id), this);
    QVERIFY(reread && reread->ok());
    QCOMPARE(reread->value.title, u"Monads, plainly"_s);
    QCOMPARE(reread->value.temperature, std::optional<double>(0.5));
    QCOMPARE(reread->value.providerProfile, u"other-profile"_s);
    QCOMPARE(reread->value.model, u"gpt-other"_s);
    QVERIFY(reread->value.pinned);
    QVERIFY(reread->value.archived);
}
