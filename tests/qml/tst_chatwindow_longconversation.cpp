// SPDX-License-Identifier: GPL-3.0-or-later
// A long stored conversation, replies taller than the view: it opens at its end and stays there,
// reading no page it does not need; "Jump to latest" and scrolling to a message still work.
#include "tst_chatwindow.h"

namespace {

// A reply taller than the window: a heading, paragraphs, a list and a fenced code block.
QString tallReply(int number)
{
    QString text = u"## Answer %1\n\n"_s.arg(number);
    for (int paragraph = 0; paragraph < 6; ++paragraph)
        text += u"Paragraph %1 of answer %2 says what the server returns when the cache is cold, "
                "and why the index on both columns is slower than one.\n\n"_s.arg(paragraph)
                    .arg(number);
    text += u"- one\n- two\n- three\n\n```cpp\n"_s;
    for (int line = 0; line < 12; ++line)
        text += u"int value%1 = compute(%1);\n"_s.arg(line);
    return text + u"```\n"_s;
}

} // namespace

QStringList TestChatWindow::seedLongConversation(int count, QString *conversationId)
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
    ConversationRecord conversation;
    conversation.id = *conversationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    conversation.title = u"A long one"_s;
    conversation.createdAt = conversation.updatedAt = start;
    m_store->saveConversation(conversation);
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        MessageRecord message;
        message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        message.conversationId = conversation.id;
        message.parentId = ids.isEmpty() ? QString() : ids.constLast();
        message.role = i % 2 == 0 ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
        message.content = i % 2 == 0 ? u"Question %1?"_s.arg(i) : tallReply(i);
        message.createdAt = message.updatedAt = start.addSecs(i);
        m_store->saveMessage(message);
        ids.append(message.id);
    }
    const QFuture<void> flushed = m_store->flush();
    if (!QTest::qWaitFor([&] { return flushed.isFinished(); }, timeout))
        qWarning() << "the long conversation was not written in time";
    return ids;
}

QRectF TestChatWindow::shownPart(const QString &messageId)
{
    QQuickItem *list = item(u"messageList"_s);
    const QList<QQuickItem *> rows = messages();
    for (QQuickItem *message : rows) {
        if (message->property("messageId").toString() != messageId)
            continue;
        const QRectF inList = message->mapRectToItem(list, QRectF(0, 0, message->width(), message->height()));
        return inList.intersected(QRectF(0, 0, list->width(), list->height()));
    }
    return {};
}

bool TestChatWindow::showsTheEnd(const QString &newestId)
{
    QQuickItem *list = item(u"messageList"_s);
    const QRectF newest = shownPart(newestId);
    // The newest message's bottom at the view's, less its margin.
    return list && !newest.isEmpty() && newest.bottom() >= list->height() - 40 &&
           list->property("atLatest").toBool();
}

void TestChatWindow::aLongConversationOpensAtItsEndAndStaysThere()
{
    QString conversationId;
    const QStringList ids = seedLongConversation(300, &conversationId);
    start();
    QSignalSpy olderPages(m_messages, &MessageModel::olderLoaded);
    m_context->chat()->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), MessageModel::pageSize, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(showsTheEnd(ids.last()), timeout);

    // It stays: frame after frame the same place, and no older page read for a top far away.
    QQuickItem *list = item(u"messageList"_s);
    const qreal contentY = list->property("contentY").toReal();
    for (int frame = 0; frame < 30; ++frame) {
        QVERIFY(waitForFrame());
        QCOMPARE(list->property("contentY").toReal(), contentY);
    }
    QVERIFY(showsTheEnd(ids.last()));
    QCOMPARE(olderPages.count(), 0);
    QCOMPARE(m_messages->rowCount(), MessageModel::pageSize);
    QVERIFY(!item(u"jumpToLatest"_s));

    // Up two screens: the end is out of sight, "Jump to latest" brings it back.
    list->setProperty("contentY", contentY - 2 * list->height());
    QTRY_VERIFY_WITH_TIMEOUT(item(u"jumpToLatest"_s), timeout);
    QVERIFY(shownPart(ids.last()).isEmpty());
    QCOMPARE(olderPages.count(), 0);
    click(item(u"jumpToLatest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(showsTheEnd(ids.last()), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"jumpToLatest"_s), timeout);
}

void TestChatWindow::aLongConversationScrollsToAnOldMessageAndReadsOnlyTheWayThere()
{
    QString conversationId;
    const QStringList ids = seedLongConversation(300, &conversationId);
    start();
    m_context->chat()->openConversation(conversationId);
    QTRY_VERIFY_WITH_TIMEOUT(showsTheEnd(ids.last()), timeout);

    // As a search hit does: message 120 is three pages up.
    QSignalSpy olderPages(m_messages, &MessageModel::olderLoaded);
    // Looked at as the view has handled it (its handler was connected first): the messages
    // around it take their height in the frames after, which can move it (see docs/ui.md).
    QRectF shownWhenScrolled;
    connect(m_context->chat(), &ChatController::scrollToMessage, this,
            [&] { shownWhenScrolled = shownPart(ids.at(120)); });
    m_context->chat()->openConversation(conversationId, ids.at(120));
    QTRY_VERIFY_WITH_TIMEOUT(shownWhenScrolled.height() > 0, timeout);
    QCOMPARE(olderPages.count(), 3);
    QCOMPARE(m_messages->rowCount(), 4 * MessageModel::pageSize);
    QVERIFY(item(u"jumpToLatest"_s));
    // Scrolling to the top reads the rest, a page at a time as the top comes near.
    QQuickItem *list = item(u"messageList"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            list->setProperty("contentY", list->property("originY").toReal());
            return m_messages->hasAllMessages() && shownPart(ids.first()).height() > 0;
        }(),
        timeout);
    QCOMPARE(m_messages->rowCount(), 300);
    click(item(u"jumpToLatest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(showsTheEnd(ids.last()), timeout);
}
