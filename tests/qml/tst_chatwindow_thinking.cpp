// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: a reasoning model's reply, its thinking shown above the answer while
// it thinks and collapsed once the answer begins; the chat's reasoning effort.
#include "tst_chatwindow.h"

void TestChatWindow::aReasoningReplyThinksThenCollapses()
{
    start();
    // The thinking streams, then the server waits until the test has looked at it.
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder()
                                          .role()
                                          .reasoning(u"Count the **apples**: "_s)
                                          .reasoning(u"three and two."_s)
                                          .bytes())
            .hold()
            .write(SseBodyBuilder().content(u"Five apples."_s).finish().usage(20, 40, 30).done().bytes())
            .end());
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Apples"_s}));
    type(u"How many apples?"_s);
    press(Qt::Key_Return);

    // While it thinks: open, titled "Thinking…" with a running timer, the thinking as markdown.
    QTRY_VERIFY_WITH_TIMEOUT(item(u"thinkingTitle"_s), timeout);
    QCOMPARE(shownText(item(u"thinkingTitle"_s)), u"Thinking…"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"thinkingBody"_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        allShownText(item(u"thinkingBody"_s)).contains(u"Count the apples: three and two."_s), timeout);
    QVERIFY(!messageText(1).contains(u"Five apples."_s));
    QQuickItem *timer = item(u"thinkingTimer"_s);
    QVERIFY(timer);
    QCOMPARE(shownText(timer), u"0 s"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shownText(item(u"thinkingTimer"_s)), u"1 s"_s, timeout); // it runs
    QQuickItem *header = item(u"thinkingHeader"_s);
    QVERIFY(header);
    QAccessibleInterface *button = QAccessible::queryAccessibleInterface(header);
    QVERIFY(button);
    QCOMPARE(button->role(), QAccessible::Button);
    QVERIFY(button->state().checkable && button->state().checked); // open

    // The answer begins: the thinking collapses to how long it took, the answer below it.
    QCOMPARE(m_server->holdingCount(), 1);
    m_server->release();
    QVERIFY(waitForSaved(1));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Five apples."_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(shownText(item(u"thinkingTitle"_s)).startsWith(u"Thought for "_s), timeout);
    QVERIFY(!item(u"thinkingBody"_s));
    QVERIFY(!item(u"thinkingTimer"_s));
    QVERIFY(!messageText(1).contains(u"three and two"_s));
    button = QAccessible::queryAccessibleInterface(item(u"thinkingHeader"_s));
    QVERIFY(button->state().checkable && !button->state().checked);

    // A click opens it again, and the view keeps that per message; the keyboard closes it.
    click(item(u"thinkingHeader"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"thinkingBody"_s), timeout);
    QVERIFY(allShownText(item(u"thinkingBody"_s)).contains(u"Count the apples: three and two."_s));
    QCOMPARE(m_messages->index(1).data(MessageModel::ThinkingOpenRole), QVariant(true));
    item(u"thinkingHeader"_s)->forceActiveFocus();
    press(Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"thinkingBody"_s), timeout);
    QCOMPARE(m_messages->index(1).data(MessageModel::ThinkingOpenRole), QVariant(false));
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"thinkingBody"_s), timeout);
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}

void TestChatWindow::reasoningEffortIsAChatSetting()
{
    start();
    QCOMPARE(m_context->chat()->parameters().reasoningEffort, std::nullopt);
    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"reasoningEffortBox"_s), timeout);
    QQuickItem *box = item(u"reasoningEffortBox"_s);
    QCOMPARE(box->property("currentText").toString(), u"Server default"_s);
    QCOMPARE(box->property("count").toInt(), 5);
    box->setProperty("currentIndex", 4);
    QCOMPARE(box->property("currentText").toString(), u"High"_s);
    click(item(u"applyChatSettings"_s));
    QTRY_VERIFY(!item(u"reasoningEffortBox"_s));
    QCOMPARE(m_context->chat()->parameters().reasoningEffort, ReasoningEffort::High);
    // The request carries it; the conversation keeps it.
    QVERIFY(exchange(u"Think hard"_s, {u"Done."_s}, u"Hard thoughts"_s));
    QCOMPARE(m_server->requests().at(1).json().value(u"reasoning_effort").toString(), u"high"_s);
    DatabasePeek peek(*m_database);
    QCOMPARE(peek.conversationField(m_context->chat()->conversationId(), u"reasoning_effort"_s), u"high"_s);

    // Shown as set when the settings open again; back to the server's default.
    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"reasoningEffortBox"_s), timeout);
    QCOMPARE(item(u"reasoningEffortBox"_s)->property("currentText").toString(), u"High"_s);
    item(u"reasoningEffortBox"_s)->setProperty("currentIndex", 0);
    click(item(u"applyChatSettings"_s));
    QTRY_VERIFY(!item(u"reasoningEffortBox"_s));
    QCOMPARE(m_context->chat()->parameters().reasoningEffort, std::nullopt);
}
