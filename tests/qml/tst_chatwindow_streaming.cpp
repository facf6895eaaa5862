// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: a long reply in the window.
#include "tst_chatwindow.h"

namespace {

QList<QQuickItem *> loadedOf(const QList<QQuickItem *> &blocks)
{
    QList<QQuickItem *> loaded;
    for (QQuickItem *block : blocks) {
        if (block->property("loaded").toBool())
            loaded.append(block);
    }
    return loaded;
}

} // namespace

// Only the blocks of a long reply near what the view shows are in the scene: a frame costs as
// much at the reply's end as at its start, and the memory of the blocks scrolled past goes.
void TestChatWindow::aLongReplyKeepsOnlyTheBlocksNearTheViewInTheScene()
{
    start();
    constexpr int paragraphs = 150;
    QStringList deltas;
    for (int i = 0; i < paragraphs; ++i)
        deltas.append(u"Paragraph %1 of a long reply, long enough to wrap across the column once or twice "
                      u"as it goes on and on.\n\n"_s.arg(i));
    QVERIFY(exchange(u"A long one, please"_s, deltas, u"A long one"_s));
    QQuickItem *list = item(u"messageList"_s);
    QVERIFY(list);

    // The view follows the end: the last paragraphs are shown, the first are not in the scene.
    const QList<QQuickItem *> blocks = visibleItems(list, u"markdownBlock"_s);
    QCOMPARE(blocks.size(), paragraphs);
    QTRY_VERIFY_WITH_TIMEOUT(blocks.constLast()->property("loaded").toBool(), timeout);
    QVERIFY(allShownText(list).contains(u"Paragraph %1 of"_s.arg(paragraphs - 1)));
    QVERIFY(!blocks.constFirst()->property("loaded").toBool());
    QVERIFY2(loadedOf(blocks).size() < paragraphs / 2, qPrintable(QString::number(loadedOf(blocks).size())));

    // At the top, the other way round: scrolled up page by page, as the wheel or the scroll bar
    // would, until the question is in sight.
    const auto pageUpUntilTheTop = [&] {
        const QList<QQuickItem *> now = visibleItems(list, u"markdownBlock"_s);
        if (now.size() == paragraphs && now.constFirst()->property("loaded").toBool()
            && allShownText(list).contains(u"Paragraph 0 of"_s))
            return true;
        const qreal top = list->property("originY").toReal() - list->property("topMargin").toReal();
        list->setProperty("contentY", std::max(top, list->property("contentY").toReal() - list->height()));
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(pageUpUntilTheTop(), qPrintable(allShownText(list).left(200)), timeout);
    QVERIFY(!visibleItems(list, u"markdownBlock"_s).constLast()->property("loaded").toBool());
    QVERIFY(!allShownText(list).contains(u"Paragraph %1 of"_s.arg(paragraphs - 1)));
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}
