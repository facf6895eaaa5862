// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: the chat's reasoning effort.
#include "tst_chatwindow.h"

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

    // Shown as set when the settings open again; back to the server's default.
    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"reasoningEffortBox"_s), timeout);
    QCOMPARE(item(u"reasoningEffortBox"_s)->property("currentText").toString(), u"High"_s);
    item(u"reasoningEffortBox"_s)->setProperty("currentIndex", 0);
    click(item(u"applyChatSettings"_s));
    QTRY_VERIFY(!item(u"reasoningEffortBox"_s));
    QCOMPARE(m_context->chat()->parameters().reasoningEffort, std::nullopt);
}
