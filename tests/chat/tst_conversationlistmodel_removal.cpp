// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationListModel, continued: removal with undo, its timeout, at exit, and a row gone before the
// store answers.
#include "tst_conversationlistmodel.h"

void TestConversationListModel::removeCanBeUndone()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ConversationRecord a = conversation(u"A"_s, now);
    const ConversationRecord b = conversation(u"B"_s, now.addSecs(-60));
    const ConversationRecord c = conversation(u"C"_s, now.addSecs(-120));
    QVERIFY(seed(store.get(), {a, b, c}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    QCOMPARE(model.undoTimeout(), ConversationListModel::defaultUndoTimeout);
    model.setUndoTimeout(300);
    QSignalSpy pending(&model, &ConversationListModel::removePending);
    QSignalSpy committed(&model, &ConversationListModel::removeCommitted);

    model.remove(b.id);
    QCOMPARE(idsOf(model), QStringList({a.id, c.id}));
    QCOMPARE(pending.count(), 1);
    QCOMPARE(pending.at(0).at(0).toString(), b.id);
    QCOMPARE(pending.at(0).at(1).toString(), u"B"_s);
    QVERIFY(model.isRemovalPending(b.id));

    model.undoRemove(b.id);
    QCOMPARE(idsOf(model), QStringList({a.id, b.id, c.id}));
    QVERIFY(!model.isRemovalPending(b.id));
    QTest::qWait(600); // past the undo timeout: nothing happens now
    QCOMPARE(committed.count(), 0);
    QVERIFY(flushed(store.get(), this));
    const auto stored = take(store->conversation(b.id), this);
    QVERIFY(stored && stored->ok());
    QCOMPARE(idsOf(model), QStringList({a.id, b.id, c.id}));
}

void TestConversationListModel::removeIsCarriedOutAfterTheTimeout()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ConversationRecord a = conversation(u"A"_s, now);
    const ConversationRecord b = conversation(u"B"_s, now.addSecs(-60));
    QVERIFY(seed(store.get(), {a, b}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    model.setUndoTimeout(50);
    QSignalSpy committed(&model, &ConversationListModel::removeCommitted);

    model.remove(a.id);
    QCOMPARE(idsOf(model), QStringList({b.id}));
    QTRY_COMPARE_WITH_TIMEOUT(committed.count(), 1, timeout);
    QCOMPARE(committed.at(0).at(0).toString(), a.id);
    model.undoRemove(a.id); // too late
    QCOMPARE(idsOf(model), QStringList({b.id}));
    QVERIFY(flushed(store.get(), this));
    const auto stored = take(store->conversation(a.id), this);
    QVERIFY(stored);
    QCOMPARE(stored->error.kind, StorageError::Kind::NotFound);

    model.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), timeout);
    QCOMPARE(idsOf(model), QStringList({b.id}));
}

void TestConversationListModel::removePendingAtExitIsCarriedOut()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const ConversationRecord a = conversation(u"A"_s, QDateTime::currentDateTimeUtc());
    QVERIFY(seed(store.get(), {a}, this));
    {
        auto list = loadedList(store.get());
        list->model.remove(a.id);
        QVERIFY(list->model.isRemovalPending(a.id));
    }
    QVERIFY(flushed(store.get(), this));
    const auto stored = take(store->conversation(a.id), this);
    QVERIFY(stored);
    QCOMPARE(stored->error.kind, StorageError::Kind::NotFound);
}

void TestConversationListModel::goneBeforeTheStoreAnswers()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const ConversationRecord a = conversation(u"A"_s, QDateTime::currentDateTimeUtc());
    QVERIFY(seed(store.get(), {a}, this));
    {
        auto list = loadedList(store.get());
        list->model.setPinned(a.id, true);
        list->model.refresh();
        Q_EMIT store->conversationsChanged({a.id});
    } // with a save and reads on their way
    QVERIFY(flushed(store.get(), this));
    QTest::qWait(100);
    const auto stored = take(store->conversation(a.id), this);
    QVERIFY(stored && stored->ok() && stored->value.pinned);
}
