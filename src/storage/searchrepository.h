// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searchhit.h"
#include "storageresult.h"

#include <QList>
#include <QString>
#include <QStringList>

class Database;

// Full-text search over message text and titles: FTS5 on SQLite, tsvector on PostgreSQL.
// The user's text is only ever words to find: it is never passed as query syntax.
class SearchRepository
{
public:
    explicit SearchRepository(Database &db);

    StorageResult<QList<SearchHit>> search(const QString &text, int limit = 20, int offset = 0);

    // The words of `text` as the index sees them, for building a safe query.
    static QStringList terms(const QString &text);

private:
    StorageResult<QList<SearchHit>> searchSqlite(const QStringList &words, int limit, int offset);
    StorageResult<QList<SearchHit>> searchPostgres(const QStringList &words, int limit, int offset);

    Database &m_db;
};
