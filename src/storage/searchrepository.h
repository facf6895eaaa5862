// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searchhit.h"
#include "storageresult.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

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
    // Ids of the newest messages matching `tsquery`, newest first, at most one candidate window.
    StorageResult<QStringList> newestMatchesPostgres(const QString &tsquery);
    // The same from the GIN index: of the messages created at `since` or later, or of all.
    StorageResult<QStringList> indexedMatchesPostgres(const QString &tsquery, std::optional<qint64> since);

    Database &m_db;
};
