// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationListModel, continued: our own changes: a new conversation, a rename, pinning and archiving.
#include "tst_conversationlistmodel.h"

void TestConversationListModel::createdConversationNeverFlickers()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ConversationRecord pinned = conversation(u"Pinned"_s, now.addDays(-40), true);
    const ConversationRecord older = conversation(u"Older"_s, now.addSecs(-3600));
    QVERIFY(seed(store.get(), {pinned, older}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    QCOMPARE(idsOf(model), QStringList({pinned.id, older.id}));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // The controller created it: at the top of "Today", titled from its first words, at once.
    ConversationRecord created = conversation(u"How do I reverse a list"_s, now);
    model.insertOrUpdate(created, true);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(idsOf(model), QStringList({pinned.id, created.id, older.id}));
    QCOMPARE(sectionOf(model, created.id), u"Today"_s);
    QVERIFY(roleOf(model, created.id, ConversationListModel::PendingTitleRole).toBool());

    // It is saved with its first message, which makes the stored one a little newer, and the
    // store reports it.
    QVERIFY(saved(store->saveConversation(created), this));
    MessageRecord message;
    message.id = newId();
    message.conversationId = created.id;
    message.content = u"How do I reverse a list in Python?"_s;
    message.createdAt = now.addSecs(2);
    message.updatedAt = message.createdAt;
    QVERIFY(saved(store->saveMessage(message), this));
    Q_EMIT store->conversationsChanged({created.id});
    QTRY_VERIFY_WITH_TIMEOUT(roleOf(model, created.id, ConversationListModel::UpdatedAtRole).toDateTime() ==
                                 message.updatedAt,
                             timeout);
    QVERIFY(roleOf(model, created.id, ConversationListModel::PendingTitleRole).toBool());

    // Reading the whole loaded range again finds nothing to change either.
    model.refresh();
    QVERIFY(model.loading());
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), timeout);

    // The generated title arrives.
    created.title = u"Reversing a list"_s;
    created.updatedAt = message.updatedAt;
    changed.clear();
    model.insertOrUpdate(created, false);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(roleOf(model, created.id, ConversationListModel::TitleRole).toString(), created.title);
    QVERIFY(!roleOf(model, created.id, ConversationListModel::PendingTitleRole).toBool());

    QCOMPARE(idsOf(model), QStringList({pinned.id, created.id, older.id}));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestConversationListModel::renameShowsAtOnceAndRevertsOnFailure()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ConversationRecord a = conversation(u"A"_s, now);
    const ConversationRecord b = conversation(u"B"_s, now.addSecs(-60));
    QVERIFY(seed(store.get(), {a, b}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    QSignalSpy errors(&model, &ConversationListModel::error);

    model.rename(b.id, u"  Trip\n planning "_s);
    QCOMPARE(roleOf(model, b.id, ConversationListModel::TitleRole).toString(), u"Trip planning"_s);
    QVERIFY(flushed(store.get(), this));
    const auto stored = take(store->conversation(b.id), this);
    QVERIFY(stored && stored->ok());
    QCOMPARE(stored->value.title, u"Trip planning"_s);
    QCOMPARE(stored->value.updatedAt, b.updatedAt); // a rename does not move it

    model.rename(b.id, u"   "_s); // no title is no rename
    QCOMPARE(errors.count(), 1);
    QCOMPARE(roleOf(model, b.id, ConversationListModel::TitleRole).toString(), u"Trip planning"_s);

    // The database refuses it: the old title comes back, and the user is told.
    QVERIFY(runSql(store.get(),
                   u"CREATE TRIGGER refuse_renames BEFORE UPDATE OF title ON conversations"
                   u" BEGIN SELECT RAISE(ABORT, 'renames are refused'); END"_s,
                   this));
    errors.clear();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"a write failed.*renames are refused"_s));
    model.rename(a.id, u"Refused"_s);
    QCOMPARE(roleOf(model, a.id, ConversationListModel::TitleRole).toString(), u"Refused"_s);
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, timeout);
    QCOMPARE(roleOf(model, a.id, ConversationListModel::TitleRole).toString(), u"A"_s);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(u"“A”"_s) && message.contains(u"Refused"_s), qPrintable(message));
}

void TestConversationListModel::pinAndArchiveMoveRows()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ConversationRecord a = conversation(u"A"_s, now);
    const ConversationRecord b = conversation(u"B"_s, now.addSecs(-60));
    const ConversationRecord c = conversation(u"C"_s, now.addDays(-3));
    QVERIFY(seed(store.get(), {a, b, c}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy errors(&model, &ConversationListModel::error);

    model.setPinned(c.id, true);
    QCOMPARE(idsOf(model), QStringList({c.id, a.id, b.id}));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(sectionOf(model, c.id), u"Pinned"_s);
    QVERIFY(roleOf(model, c.id, ConversationListModel::PinnedRole).toBool());
    QVERIFY(flushed(store.get(), this));
    auto stored = take(store->conversation(c.id), this);
    QVERIFY(stored && stored->ok() && stored->value.pinned);

    model.setPinned(c.id, false);
    QCOMPARE(idsOf(model), QStringList({a.id, b.id, c.id}));
    QCOMPARE(sectionOf(model, c.id), u"Previous 7 days"_s);

    model.setArchived(b.id, true);
    QCOMPARE(idsOf(model), QStringList({a.id, c.id}));
    QVERIFY(flushed(store.get(), this));
    stored = take(store->conversation(b.id), this);
    QVERIFY(stored && stored->ok() && stored->value.archived);

    QSignalSpy showArchivedChanged(&model, &ConversationListModel::showArchivedChanged);
    model.setShowArchived(true);
    QCOMPARE(showArchivedChanged.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), timeout);
    QCOMPARE(idsOf(model), QStringList({b.id}));
    QVERIFY(roleOf(model, b.id, ConversationListModel::ArchivedRole).toBool());

    model.setArchived(b.id, false);
    QCOMPARE(model.rowCount(), 0);
    model.setShowArchived(false);
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), timeout);
    QCOMPARE(idsOf(model), QStringList({a.id, b.id, c.id}));
    QVERIFY(flushed(store.get(), this));
    stored = take(store->conversation(b.id), this);
    QVERIFY(stored && stored->ok() && !stored->value.archived);
    QCOMPARE(errors.count(), 0);
}
