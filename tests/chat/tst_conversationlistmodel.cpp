// SPDX-License-Identifier: GPL-3.0-or-later
// The sidebar's list over real stores of both backends: date sections, lazy pages, our changes
// shown at once and never flickering when the store catches up, removal with undo, and other
// machines' changes applied in place.
#include "conversationlistmodel.h"
#include "conversationrepository.h"
#include "conversationstore.h"
#include "database.h"
#include "futurewait.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

namespace {

// Generous: the suite must pass on a loaded two-core machine.
constexpr int timeout = 30000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// A wall-clock time here (New York, see main(): its days are not UTC days).
QDateTime local(int year, int month, int day, int hour = 12, int minute = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute));
}

ConversationRecord conversation(const QString &title, const QDateTime &updatedAt, bool pinned = false)
{
    ConversationRecord record;
    record.id = newId();
    record.title = title;
    record.createdAt = updatedAt.toUTC();
    record.updatedAt = updatedAt.toUTC();
    record.pinned = pinned;
    return record;
}

bool flushed(ConversationStore *store, QObject *context)
{
    auto done = std::make_shared<bool>(false);
    store->flush().then(context, [done] { *done = true; });
    return QTest::qWaitFor([&] { return *done; }, timeout);
}

// Saves `records` in one transaction, straight on the storage thread.
bool seed(ConversationStore *store, const QList<ConversationRecord> &records, QObject *context)
{
    return saved(store->runOnStorageThread([records](Database &db) {
        ConversationRepository repository(db);
        return db.transaction([&]() -> StorageError {
            for (const ConversationRecord &record : records) {
                if (const StorageError error = repository.saveConversation(record); error.isError())
                    return error;
            }
            return {};
        });
    }),
                 context);
}

bool runSql(ConversationStore *store, const QString &sql, QObject *context)
{
    return saved(store->runOnStorageThread([sql](Database &db) {
        QSqlQuery query(db.connection());
        if (!query.exec(sql))
            return db.errorFrom(query, u"cannot run the test's SQL"_s);
        return StorageError{};
    }),
                 context);
}

// The model as a view sees it, checked by the tester from its first row on.
struct ListUnderTest
{
    explicit ListUnderTest(ConversationStore *store)
        : model(store)
        , tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {}

    ConversationListModel model;
    QAbstractItemModelTester tester;
};

QStringList idsOf(const ConversationListModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row).data(ConversationListModel::IdRole).toString());
    return ids;
}

QStringList idsOf(const QList<ConversationRecord> &records)
{
    QStringList ids;
    for (const ConversationRecord &record : records)
        ids.append(record.id);
    return ids;
}

QVariant roleOf(const ConversationListModel &model, const QString &id, int role)
{
    const int row = model.rowOf(id);
    return row < 0 ? QVariant() : model.index(row).data(role);
}

QString sectionOf(const ConversationListModel &model, const QString &id)
{
    return roleOf(model, id, ConversationListModel::SectionRole).toString();
}

} // namespace

class TestConversationListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void sectionsFollowTheLocalCalendar();
    void pagesLoadLazilyInOrder_data() { TestDatabases::addBackendRows(); }
    void pagesLoadLazilyInOrder();
    void createdConversationNeverFlickers_data() { TestDatabases::addBackendRows(); }
    void createdConversationNeverFlickers();
    void renameShowsAtOnceAndRevertsOnFailure();
    void pinAndArchiveMoveRows_data() { TestDatabases::addBackendRows(); }
    void pinAndArchiveMoveRows();
    void removeCanBeUndone();
    void removeIsCarriedOutAfterTheTimeout();
    void removePendingAtExitIsCarriedOut();
    void goneBeforeTheStoreAnswers();
    void missedNewsRefreshesInPlace();
    void otherMachinesChangesShowInPlace();

private:
    std::unique_ptr<ConversationStore> openStore(const DatabaseConfig &config);
    std::unique_ptr<ConversationStore> openStore(const QString &backend);
    std::optional<DatabaseConfig> freshConfig(const QString &backend);
    std::unique_ptr<ListUnderTest> loadedList(ConversationStore *store);

    std::unique_ptr<QTemporaryDir> m_dir;
};

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

int main(int argc, char *argv[])
{
    // Local days that are not UTC days, so that a section reckoned in UTC would show.
    qputenv("TZ", "America/New_York");
    QCoreApplication app(argc, argv);
    TestConversationListModel test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_conversationlistmodel.moc"
