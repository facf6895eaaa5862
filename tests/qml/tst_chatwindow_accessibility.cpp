// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: what a screen reader can name.
#include "tst_chatwindow.h"

QStringList TestChatWindow::unnamedForAReader()
{
    static const char *const controls[] = {"QQuickAbstractButton", "QQuickComboBox", "QQuickTextField",
                                           "QQuickTextArea"};
    QStringList problems;
    const QList<QQuickItem *> items = visibleItemsBelow(m_window->contentItem());
    for (QQuickItem *item : items) {
        const bool message = item->objectName() == u"message"_s;
        const bool control = std::any_of(std::begin(controls), std::end(controls),
                                         [item](const char *name) { return item->inherits(name); });
        // A combo box shows its choice in a text field of its own: the box is what is named.
        const bool partOfABox = item->parentItem() && item->parentItem()->inherits("QQuickComboBox");
        if ((!message && !control) || partOfABox)
            continue;
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(item);
        const QString name = accessible ? accessible->text(QAccessible::Name) : QString();
        const QAccessible::Role role = accessible ? accessible->role() : QAccessible::NoRole;
        if (name.trimmed().isEmpty() || role == QAccessible::NoRole ||
            (message && role != QAccessible::ListItem))
            problems.append(u"%1 \"%2\" (%3): name \"%4\", role %5"_s
                                .arg(QString::fromLatin1(item->metaObject()->className()), item->objectName(),
                                     item->property("text").toString(), name)
                                .arg(int(role)));
    }
    return problems;
}

void TestChatWindow::everyMessageAndControlHasAnAccessibleNameAndRole()
{
    // As with a screen reader running: the controls name themselves from their text then.
    QAccessible::setActive(true);
    const auto inactive = qScopeGuard([] { QAccessible::setActive(false); });
    start();
    QVERIFY(exchange(u"Show me code"_s, {u"Here:\n\n```python\nprint(1)\n```\n"_s}, u"Code"_s));
    m_server->enqueue("POST", chatPath.toByteArray(), ScriptedResponse::openAiError(500, u"Overloaded"_s));
    type(u"Again"_s);
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"retryButton"_s), timeout);
    QCOMPARE(messages().size(), 4);
    QStringList problems = unnamedForAReader();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    press(Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(item(u"searchInput"_s) && item(u"searchInput"_s)->hasActiveFocus());
    type(u"print"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"searchResult"_s), timeout);
    problems = unnamedForAReader();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    press(Qt::Key_Escape);
    QTRY_VERIFY(!item(u"searchResult"_s));

    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"systemPromptInput"_s), timeout);
    problems = unnamedForAReader();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    press(Qt::Key_Escape);
    QTRY_VERIFY(!item(u"systemPromptInput"_s));

    press(Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"closeSettings"_s), timeout);
    QVERIFY(waitForFrame());
    problems = unnamedForAReader();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}
