// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "storageerror.h"

#include <QList>
#include <QSqlQuery>

class Database;

// Writes generated conversations fast, for the benchmark only: multi-row INSERTs of the
// schema's columns (docs/storage.md), prepared once and reused, in large transactions, on a
// connection Database::open() has migrated. The schema's own triggers keep the full-text
// indexes (FTS5, tsvector) as they would for the app. The app itself writes through
// ConversationRepository; this only skips its one-row-at-a-time round trips.
class BulkLoader
{
public:
    explicit BulkLoader(Database &db);
    ~BulkLoader();

    StorageError start();
    StorageError add(const ConversationRecord &conversation, const QList<MessageRecord> &messages);
    StorageError finish(); // writes what is buffered and commits

private:
    StorageError flush(bool commit);
    StorageError insert(QSqlQuery &full, const char *table, const QStringList &columns, int rows,
                        const QList<QVariant> &values);

    Database &m_db;
    QSqlQuery m_conversationInsert;
    QSqlQuery m_messageInsert;
    QSqlQuery m_partInsert;
    QList<QVariant> m_conversationValues;
    QList<QVariant> m_messageValues;
    QList<QVariant> m_partValues;
    qint64 m_messagesInTransaction = 0;
    bool m_inTransaction = false;
};
