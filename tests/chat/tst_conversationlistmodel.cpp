// SPDX-License-Identifier: GPL-3.0-or-later
// The sidebar's list over real stores of both backends: date sections, lazy pages, our changes
// shown at once and never flickering when the store catches up, removal with undo, and other
// machines' changes applied in place.
#include "tst_conversationlistmodel.h"

void TestConversationListModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestConversationListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::optional<DatabaseConfig> TestConversationListModel::freshConfig(const QString &backend)
{
    QString error;
    std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!config)
        qWarning() << error;
    return config;
}

std::unique_ptr<ConversationStore> TestConversationListModel::openStore(const DatabaseConfig &config)
{
    auto store = std::make_unique<ConversationStore>(config);
    if (!QTest::qWaitFor([&] { return store->status() != Status::Opening; }, timeout) ||
        store->status() != Status::Ready) {
        qWarning() << "the store did not open:" << store->statusMessage();
        return nullptr;
    }
    return store;
}

std::unique_ptr<ConversationStore> TestConversationListModel::openStore(const QString &backend)
{
    const std::optional<DatabaseConfig> config = freshConfig(backend);
    return config ? openStore(*config) : nullptr;
}

std::unique_ptr<ListUnderTest> TestConversationListModel::loadedList(ConversationStore *store)
{
    auto list = std::make_unique<ListUnderTest>(store);
    if (!QTest::qWaitFor([&] { return !list->model.loading(); }, timeout))
        qWarning() << "the first page did not arrive in time";
    return list;
}

void TestConversationListModel::sectionsFollowTheLocalCalendar()
{
    auto store = openStore(u"sqlite"_s);
    QVERIFY(store);
    // 01:00 in New York is 06:00 UTC; "last night" at 22:00 is already today in UTC.
    const QDateTime now = local(2026, 11, 20, 1, 0);
    const QList<std::pair<ConversationRecord, QString>> expected = {
        {conversation(u"pinned long ago"_s, local(2025, 3, 1), true), u"Pinned"_s},
        {conversation(u"just now"_s, local(2026, 11, 20, 0, 30)), u"Today"_s},
        {conversation(u"last night"_s, local(2026, 11, 19, 22, 0)), u"Yesterday"_s},
        {conversation(u"yesterday, early"_s, local(2026, 11, 19, 0, 5)), u"Yesterday"_s},
        {conversation(u"two days ago"_s, local(2026, 11, 18, 23, 59)), u"Previous 7 days"_s},
        {conversation(u"seven days ago"_s, local(2026, 11, 13)), u"Previous 7 days"_s},
        {conversation(u"eight days ago"_s, local(2026, 11, 12)), u"Previous 30 days"_s},
        {conversation(u"thirty days ago"_s, local(2026, 10, 21)), u"Previous 30 days"_s},
        {conversation(u"thirty-one days ago"_s, local(2026, 10, 20)), u"October 2026"_s},
        {conversation(u"early October"_s, local(2026, 10, 1)), u"October 2026"_s},
        {conversation(u"last year"_s, local(2025, 9, 15)), u"September 2025"_s},
    };
    QList<ConversationRecord> records;
    for (auto it = expected.crbegin(); it != expected.crend(); ++it)
        records.append(it->first);
    QVERIFY(seed(store.get(), records, this));

    auto list = loadedList(store.get());
    ConversationListModel &model = list->model;
    model.setClock([now] { return now; });
    QCOMPARE(model.rowCount(), int(expected.size()));
    for (int row = 0; row < int(expected.size()); ++row) {
        const QModelIndex index = model.index(row);
        QCOMPARE(index.data(ConversationListModel::TitleRole).toString(), expected.at(row).first.title);
        QCOMPARE(index.data(ConversationListModel::SectionRole).toString(), expected.at(row).second);
    }

    // At midnight the headings move on by a day, in place.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setClock([now] { return now.addDays(1); });
    QCOMPARE(changed.count(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ConversationListModel::SectionRole));
    QCOMPARE(sectionOf(model, expected.at(1).first.id), u"Yesterday"_s);
    QCOMPARE(sectionOf(model, expected.at(2).first.id), u"Previous 7 days"_s);
    QCOMPARE(sectionOf(model, expected.at(0).first.id), u"Pinned"_s);
}

void TestConversationListModel::pagesLoadLazilyInOrder()
{
    QFETCH(QString, backend);
    auto store = openStore(backend);
    QVERIFY(store);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    QList<ConversationRecord> records;
    for (int i = 0; i < 1000; ++i)
        records.append(conversation(u"Chat %1"_s.arg(i), base.addSecs(-60 * i), i % 200 == 150));
    QVERIFY(seed(store.get(), records, this));
    std::sort(records.begin(), records.end(), [](const ConversationRecord &a, const ConversationRecord &b) {
        return ConversationSortKey::of(a).comesBefore(ConversationSortKey::of(b));
    });
    const QStringList expected = idsOf(records);

    // No view yet: the first page, and nothing more until more is asked for.
    auto model = std::make_unique<ConversationListModel>(store.get());
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), timeout);
    QCOMPARE(model->rowCount(), ConversationListModel::pageSize);
    QCOMPARE(inserted.count(), 1); // a page is one insertion
    QVERIFY(model->canFetchMore(QModelIndex()));
    QTest::qWait(200);
    QCOMPARE(model->rowCount(), ConversationListModel::pageSize);
    QCOMPARE(idsOf(*model), expected.mid(0, ConversationListModel::pageSize));

    model->fetchMore(QModelIndex());
    QVERIFY(model->loading());
    QVERIFY(!model->canFetchMore(QModelIndex())); // one page at a time
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), timeout);
    QCOMPARE(model->rowCount(), 2 * ConversationListModel::pageSize);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), ConversationListModel::pageSize);

    // The tester asks for more after every change, as an eager view would: page by page to the end.
    QAbstractItemModelTester tester(model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(!model->loading() && !model->canFetchMore(QModelIndex()), timeout);
    QCOMPARE(model->rowCount(), 1000);
    QCOMPARE(idsOf(*model), expected); // in order, none twice
    QCOMPARE(sectionOf(*model, expected.at(0)), u"Pinned"_s);
    QCOMPARE(sectionOf(*model, expected.at(5)), u"Today"_s);
}

int main(int argc, char *argv[])
{
    // Local days that are not UTC days, so that a section reckoned in UTC would show.
    qputenv("TZ", "America/New_York");
    QCoreApplication app(argc, argv);
    TestConversationListModel test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
