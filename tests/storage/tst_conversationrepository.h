// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestConversationRepository and what its parts share: a fresh database of either backend,
// records to save, and values read back with SQL of the test's own.
#include "conversationrepository.h"
#include "database.h"
#include "storagetests.h"
#include "testdatabases.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <memory>

using Kind = StorageError::Kind;

inline std::unique_ptr<Database> openDatabase(const DatabaseConfig &config, QString *why)
{
    auto db = std::make_unique<Database>(config);
    const StorageError error = db->open();
    if (error.isError()) {
        *why = error.message + u' ' + error.detail;
        return nullptr;
    }
    return db;
}

inline std::unique_ptr<Database> freshDatabase(const QString &backend, const QString &folder, QString *why,
                                               std::optional<DatabaseConfig> *config = nullptr)
{
    const std::optional<DatabaseConfig> fresh = TestDatabases::fresh(backend, folder, why);
    if (!fresh)
        return nullptr;
    if (config)
        *config = fresh;
    return openDatabase(*fresh, why);
}

inline ConversationRecord conversationAt(const QString &title, qint64 updated)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = at(updated - 1000);
    conversation.updatedAt = at(updated);
    return conversation;
}

inline MessageRecord messageIn(const QString &conversationId, const QString &parentId, Role role,
                               const QString &content, qint64 created)
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    message.createdAt = at(created);
    message.updatedAt = at(created);
    return message;
}

inline QStringList idsOf(const QList<MessageRecord> &messages)
{
    QStringList ids;
    for (const MessageRecord &message : messages)
        ids.append(message.id);
    return ids;
}

inline QStringList idsOf(const QList<ConversationRecord> &conversations)
{
    QStringList ids;
    for (const ConversationRecord &conversation : conversations)
        ids.append(conversation.id);
    return ids;
}

#define OPEN_FRESH(db)                                                                                       \
    QFETCH(QString, backend);                                                                                \
    QString why;                                                                                             \
    const std::unique_ptr<Database> db = freshDatabase(backend, m_dir.path(), &why);                         \
    QVERIFY2(db, qPrintable(why))

class TestConversationRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void conversationRoundTrip_data() { TestDatabases::addBackendRows(); }
    void conversationRoundTrip();

    void samplingParametersRoundTrip_data() { TestDatabases::addBackendRows(); }
    void samplingParametersRoundTrip();

    void aChangeWritesOnlyItsFields_data() { TestDatabases::addBackendRows(); }
    void aChangeWritesOnlyItsFields();

    void messageRoundTrip_data() { TestDatabases::addBackendRows(); }
    void messageRoundTrip();

    void listOrderingAndPaging_data();
    void listOrderingAndPaging();

    void branchesAndSiblings_data() { TestDatabases::addBackendRows(); }
    void branchesAndSiblings();

    // A streaming reply grows by appends that carry only the new text; one retried after it had
    // in fact committed adds nothing twice, and an ended message takes no more.
    void streamingTextIsAppendedOnce_data() { TestDatabases::addBackendRows(); }
    void streamingTextIsAppendedOnce();

    void damagedChainEnds_data() { TestDatabases::addBackendRows(); }
    void damagedChainEnds();

    // NUL is stored as it was sent (a PostgreSQL string cannot hold it: docs/storage.md says how
    // it is kept), and so is the character that encoding uses.
    void nulRoundTrips_data() { TestDatabases::addBackendRows(); }
    void nulRoundTrips();

    void latestLeafUnderEndsOnACycle_data() { TestDatabases::addBackendRows(); }
    void latestLeafUnderEndsOnACycle();

    void cascadeDelete_data() { TestDatabases::addBackendRows(); }
    void cascadeDelete();

    void concurrentWriters_data() { TestDatabases::addBackendRows(); }
    void concurrentWriters();

private:
    QTemporaryDir m_dir;
};
