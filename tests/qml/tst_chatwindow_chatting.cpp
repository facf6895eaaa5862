// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: sending, stopping, branches, editing, search, errors and a cut-short reply.
#include "tst_chatwindow.h"

void TestChatWindow::windowOpensWithTheComposerFocused()
{
    start();
    QQuickItem *composer = item(u"composerInput"_s);
    QVERIFY(composer);
    QTRY_VERIFY(composer->hasActiveFocus());
    QVERIFY(m_context->canSend());
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}

void TestChatWindow::enterShowsBothMessagesAtOnceStreamsAndSaves()
{
    start();
    DatabasePeek peek(*m_database);
    // The server answers once the test has looked, and the reply comes in two halves; the second
    // waits until the test has looked again.
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"The first half, "_s).bytes())
            .holdHeaders()
            .hold()
            .write(SseBodyBuilder().content(u"and the second."_s).finish().done().bytes())
            .end());
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Halves of a reply"_s}));

    type(u"Tell me in two halves"_s);
    QCOMPARE(m_context->chat()->draft(), u"Tell me in two halves"_s);
    QElapsedTimer sinceEnter; // the writes wait for the server's answer, or PersistGate's deadline
    sinceEnter.start();
    press(Qt::Key_Return);

    // At once, before any event loop turn: the question and an empty reply, the composer
    // cleared, the new chat at the top of the sidebar titled from its first words.
    QCOMPARE(m_messages->rowCount(), 2);
    QCOMPARE(m_messages->index(0).data(MessageModel::ContentRole).toString(), u"Tell me in two halves"_s);
    QCOMPARE(m_messages->index(1).data(MessageModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), QString());
    ConversationListModel *conversations = m_context->conversations();
    QCOMPARE(conversations->rowCount(), 1);
    QCOMPARE(conversations->index(0).data(ConversationListModel::TitleRole).toString(),
             u"Tell me in two halves"_s);
    // Nothing is written while the server has not answered (it holds the request before its
    // headers): not before the gate's deadline, which a slow build may pass before it looks,
    // and then the question is saved all the same.
    const int written = peek.conversationCount();
    if (sinceEnter.elapsed() < PersistGate::defaultDeadline.count())
        QCOMPARE(written, 0);
    else
        qInfo("the deadline passed before the database was looked at: %d conversation(s)", written);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationCount(), 1, timeout);
    m_server->release();

    // The first half is on screen while the reply streams; Send has become Stop.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"The first half,"_s), timeout);
    QVERIFY(messageText(0).contains(u"Tell me in two halves"_s));
    QCOMPARE(item(u"sendButton"_s)->property("text").toString(), u"Stop"_s);
    QVERIFY(m_context->chat()->isStreaming());

    m_server->release();
    QVERIFY(waitForSaved(1));
    QVERIFY(waitForSaved(0));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"The first half, and the second."_s), timeout);
    QCOMPARE(item(u"sendButton"_s)->property("text").toString(), u"Send"_s);

    // Stored: the conversation, both messages, the reply complete.
    const QString conversationId = m_context->chat()->conversationId();
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QCOMPARE(peek.conversationCount(), 1);
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"The first half, and the second."_s);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"complete"_s);

    // The title request follows the first reply; the sidebar and the database get its answer.
    QTRY_COMPARE_WITH_TIMEOUT(conversations->index(0).data(ConversationListModel::TitleRole).toString(),
                              u"Halves of a reply"_s, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(conversationId, u"title"_s), u"Halves of a reply"_s,
                              timeout);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.last().json().value(u"max_tokens").toInt(), 24);
    QVERIFY(allShownText(m_window->contentItem()).contains(u"Halves of a reply"_s));
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}

void TestChatWindow::escapeStopsAndKeepsTheText()
{
    start();
    DatabasePeek peek(*m_database);
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Partial answer"_s).bytes()).stall());
    type(u"Start and I will stop you"_s);
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Partial answer"_s), timeout);

    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"stopped"_s,
                              timeout);
    QVERIFY(waitForSaved(1));
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"Partial answer"_s);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"stopped"_s);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Stopped"_s), timeout);
    QVERIFY(!m_context->chat()->isStreaming());
}

void TestChatWindow::regenerateAndBranchSwitching()
{
    start();
    QVERIFY(exchange(u"Pick a colour"_s, {u"Blue"_s}, u"Colours"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"regenerateButton"_s), timeout);

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Green"_s}));
    click(item(u"regenerateButton"_s));
    QVERIFY(waitForSaved(1));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Green"_s), timeout);
    QCOMPARE(m_messages->index(1).data(MessageModel::BranchCountRole).toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"versionLabel"_s), timeout);
    QCOMPARE(shownText(item(u"versionLabel"_s)), u"2/2"_s);

    // ‹ shows the first answer again, › the second; the database follows.
    DatabasePeek peek(*m_database);
    const QString conversationId = m_context->chat()->conversationId();
    click(item(u"previousVersionButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Blue"_s), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(shownText(item(u"versionLabel"_s)), u"1/2"_s, timeout);
    const QString blueId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(conversationId, u"current_leaf_id"_s), blueId, timeout);
    click(item(u"nextVersionButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Green"_s), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(shownText(item(u"versionLabel"_s)), u"2/2"_s, timeout);
}

void TestChatWindow::upEditsTheLastQuestionAndResendsAsABranch()
{
    start();
    QVERIFY(exchange(u"What is 2 + 2?"_s, {u"4"_s}, u"Arithmetic"_s));
    QVERIFY(exchange(u"And 3 + 3?"_s, {u"6"_s}));
    QCOMPARE(m_messages->rowCount(), 4);

    // Up in the empty composer takes the last question back for editing.
    QTRY_VERIFY(item(u"composerInput"_s)->hasActiveFocus());
    press(Qt::Key_Up);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"And 3 + 3?"_s);
    press(Qt::Key_End);
    for (int i = 0; i < 6; ++i) // "3 + 3?"
        press(Qt::Key_Backspace);
    type(u"4 + 4?"_s);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"8"_s}));
    press(Qt::Key_Return);
    QVERIFY(waitForSaved(3));
    QCOMPARE(m_messages->rowCount(), 4);
    QCOMPARE(m_messages->index(2).data(MessageModel::ContentRole).toString(), u"And 4 + 4?"_s);
    QCOMPARE(m_messages->index(2).data(MessageModel::BranchCountRole).toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(3).contains(u"8"_s), timeout);
    // The edited question went with the history before it, not the old question.
    const QJsonArray sent = m_server->lastRequest().json().value(u"messages").toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(2)[u"content"].toString(), u"And 4 + 4?"_s);

    // The Edit button does the same for the first question.
    QQuickItem *edit = item(u"editButton"_s);
    click(edit);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"What is 2 + 2?"_s);
    press(Qt::Key_Escape); // cancels the edit
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), QString());
}

void TestChatWindow::searchFindsAndOpensAConversation()
{
    start();
    QVERIFY(exchange(u"Tell me about narwhals"_s, {u"Narwhals have a long tusk."_s}, u"Narwhals"_s));
    press(Qt::Key_N, Qt::ControlModifier); // a new chat
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    QCOMPARE(m_messages->rowCount(), 0);
    QVERIFY(exchange(u"Tell me about otters"_s, {u"Otters hold hands."_s}, u"Otters"_s));

    press(Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(item(u"searchInput"_s) && item(u"searchInput"_s)->hasActiveFocus());
    type(u"tusk"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_context->search()->rowCount(), 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"searchResult"_s), timeout);
    QVERIFY(allShownText(item(u"searchResult"_s)).contains(u"Narwhals"_s));
    QVERIFY(!item(u"searchResult"_s, 1));

    click(item(u"searchResult"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Narwhals have a long tusk."_s), timeout);
    QVERIFY(m_context->chat()->conversationId() != QString());
}

void TestChatWindow::errorShowsOnTheMessageAndRetryAnswers()
{
    start();
    m_server->enqueue("POST", chatPath.toByteArray(),
                      ScriptedResponse::openAiError(500, u"The server had an error"_s, u"server_error"_s));
    type(u"Will this work?"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"error"_s,
                              timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"retryButton"_s), timeout);
    // The error is on the message, not in its text; nothing else offers to regenerate it.
    QVERIFY(messageText(1).contains(u"server"_s, Qt::CaseInsensitive));
    QCOMPARE(m_messages->index(1).data(MessageModel::ContentRole).toString(), QString());
    QVERIFY(!item(u"regenerateButton"_s));

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Yes, it works now."_s}));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Working"_s}));
    click(item(u"retryButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"complete"_s,
                              timeout);
    QVERIFY(waitForSaved(1));
    QCOMPARE(m_messages->rowCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Yes, it works now."_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"retryButton"_s), timeout);
    DatabasePeek peek(*m_database);
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    // The reply's row is saved before its final state is written: wait for that write.
    QTRY_COMPARE_WITH_TIMEOUT(peek.messageField(replyId, u"status"_s), u"complete"_s, timeout);
}

void TestChatWindow::aCutShortReplyIsMarkedAndContinues()
{
    start();
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Once upon"_s}, u"length"_s).bytes()));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"A story"_s})); // its title
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    type(u"Tell me a story"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QVERIFY(waitForSaved(1));
    // The title request has come and gone: the next one scripted is the continuation's.
    ConversationListModel *sidebar = m_context->conversations();
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->index(0).data(ConversationListModel::TitleRole).toString(),
                              u"A story"_s, timeout);
    QCOMPARE(m_messages->index(1).data(MessageModel::ContentRole).toString(), u"Once upon"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"endedEarlyLabel"_s), timeout);
    QVERIFY(shownText(item(u"endedEarlyLabel"_s)).contains(u"token limit"_s));

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u" a time, the end."_s}));
    click(item(u"continueButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::ContentRole).toString(),
                              u"Once upon a time, the end."_s, timeout);
    QVERIFY(waitForSaved(1));
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"endedEarlyLabel"_s), timeout);
    QCOMPARE(m_messages->rowCount(), 2); // the same message, not a new one
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"the end."_s), timeout);
    DatabasePeek peek(*m_database);
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(peek.messageField(replyId, u"content"_s), u"Once upon a time, the end."_s,
                              timeout);
    QCOMPARE(peek.messageField(replyId, u"finish_reason"_s), u"stop"_s);

    m_engine.reset();
    m_context.reset();
}
