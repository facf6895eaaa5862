// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
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

// Generous: the suite must pass on a loaded two-core machine.
constexpr int timeout = 30000;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// A wall-clock time here (New York, see main(): its days are not UTC days).
inline QDateTime local(int year, int month, int day, int hour = 12, int minute = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute));
}

inline ConversationRecord conversation(const QString &title, const QDateTime &updatedAt, bool pinned = false)
{
    ConversationRecord record;
    record.id = newId();
    record.title = title;
    record.createdAt = updatedAt.toUTC();
    record.updatedAt = updatedAt.toUTC();
    record.pinned = pinned;
    return record;
}

inline bool flushed(ConversationStore *store, QObject *context)
{
    auto done = std::make_shared<bool>(false);
    store->flush().then(context, [done] { *done = true; });
    return QTest::qWaitFor([&] { return *done; }, timeout);
}

// Saves `records` in one transaction, straight on the storage thread.
inline bool seed(ConversationStore *store, const QList<ConversationRecord> &records, QObject *context)
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

inline bool runSql(ConversationStore *store, const QString &sql, QObject *context)
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

inline QStringList idsOf(const ConversationListModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row).data(ConversationListModel::IdRole).toString());
    return ids;
}

inline QStringList idsOf(const QList<ConversationRecord> &records)
{
    QStringList ids;
    for (const ConversationRecord &record : records)
        ids.append(record.id);
    return ids;
}

inline QVariant roleOf(const ConversationListModel &model, const QString &id, int role)
{
    const int row = model.rowOf(id);
    return row < 0 ? QVariant() : model.index(row).data(role);
}

inline QString sectionOf(const ConversationListModel &model, const QString &id)
{
    return roleOf(model, id, ConversationListModel::SectionRole).toString();
}

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
