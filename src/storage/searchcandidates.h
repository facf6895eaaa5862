// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageresult.h"

#include <QString>
#include <QStringList>

#include <optional>

class Database;

// PostgreSQL: the newest messages a search matches, unranked (SearchRepository ranks them). The
// newest rows are tried one by one first; when they hold too few matches the GIN indexes find
// them, over a stretch of recent time first, and without the words that are in so many messages
// that reading their postings costs more than checking the rows found without them.
class SearchCandidates
{
public:
    explicit SearchCandidates(Database &db);

    // Ids of the newest messages (by created_at, id) matching `tsquery` (the `words`, each a
    // prefix, joined by &) in their answer or their thinking, newest first, at most `window`.
    StorageResult<QStringList> newest(const QStringList &words, const QString &tsquery, int window);

private:
    // The tsquery the indexes are asked with: `tsquery` less its most frequent words, going by
    // the planner's statistics; `tsquery` itself when none is left out.
    StorageResult<QString> indexQuery(const QStringList &words, const QString &tsquery);
    // From the indexes: of the messages created at `since` or later, or of all.
    StorageResult<QStringList> indexed(const QString &index, const QString &tsquery,
                                       std::optional<qint64> since, int window);

    Database &m_db;
};
