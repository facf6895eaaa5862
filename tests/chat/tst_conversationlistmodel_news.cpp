// SPDX-License-Identifier: GPL-3.0-or-later
// TestConversationListModel, continued: changes the store reports, from us or from other machines.
#include "tst_conversationlistmodel.h"

void TestConversationListModel::missedNewsRefreshesInPlace()
{
    const std::optional<DatabaseConfig> config = freshConfig(u"sqlite"_s);
    QVERIFY(config);
    auto store = openStore(*config);
    auto other = openStore(*config); // confab-cli on the same file
    QVERIFY(store && other);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ConversationRecord a = conversation(u"A"_s, now.addSecs(-60));
    const ConversationRecord b = conversation(u"B"_s, now.addSecs(-120));
    ConversationRecord c = conversation(u"C"_s, now.addSecs(-180));
    QVERIFY(seed(store.get(), {a, b, c}, this));
    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    const ConversationRecord d = conversation(u"D"_s, now);
    a.title = u"A, renamed"_s;
    c.archived = true;
    QVERIFY(saved(other->saveConversation(d), this));
    QVERIFY(saved(other->saveConversation(a), this));
    QVERIFY(saved(other->deleteConversation(b.id), this));
    QVERIFY(saved(other->saveConversation(c), this));

    Q_EMIT store->conversationsChanged({}); // anything may have changed
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(model), QStringList({d.id, a.id}), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!model.loading(), timeout);
    QCOMPARE(roleOf(model, a.id, ConversationListModel::TitleRole).toString(), a.title);
    QCOMPARE(reset.count(), 0);
}

void TestConversationListModel::otherMachinesChangesShowInPlace()
{
    const std::optional<DatabaseConfig> config = freshConfig(u"postgres"_s);
    QVERIFY(config);
    auto writer = openStore(*config);
    auto reader = openStore(*config);
    QVERIFY(writer && reader);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ConversationRecord a = conversation(u"A"_s, now.addSecs(-60));
    ConversationRecord b = conversation(u"B"_s, now.addDays(-2));
    QVERIFY(seed(writer.get(), {a, b}, this));
    auto list = loadedList(reader.get());
    ConversationListModel &model = list->model;
    QCOMPARE(idsOf(model), QStringList({a.id, b.id}));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    const ConversationRecord c = conversation(u"From the laptop"_s, now);
    QVERIFY(saved(writer->saveConversation(c), this));
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(model), QStringList({c.id, a.id, b.id}), timeout);

    a.title = u"Renamed on the laptop"_s;
    QVERIFY(saved(writer->saveConversation(a), this));
    QTRY_COMPARE_WITH_TIMEOUT(roleOf(model, a.id, ConversationListModel::TitleRole).toString(), a.title,
                              timeout);

    b.pinned = true;
    QVERIFY(saved(writer->saveConversation(b), this));
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(model), QStringList({b.id, c.id, a.id}), timeout);
    QCOMPARE(sectionOf(model, b.id), u"Pinned"_s);

    QVERIFY(saved(writer->deleteConversation(c.id), this));
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(model), QStringList({b.id, a.id}), timeout);
    QCOMPARE(reset.count(), 0);
}
