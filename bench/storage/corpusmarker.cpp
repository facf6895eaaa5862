// SPDX-License-Identifier: GPL-3.0-or-later
#include "corpusmarker.h"

#include "database.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

CorpusMarker::Values CorpusMarker::read(Database &db)
{
    Values values;
    if (!db.connection().tables().contains(u"bench_corpus"_s))
        return values;
    QSqlQuery query(db.connection());
    if (!query.exec(u"SELECT key, value FROM bench_corpus"_s))
        return values;
    while (query.next())
        values.insert(query.value(0).toString(), query.value(1).toString());
    return values;
}

StorageError CorpusMarker::write(Database &db, const Values &values)
{
    QSqlQuery query(db.connection());
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS bench_corpus (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s))
        return db.errorFrom(query, u"Creating bench_corpus"_s);
    return db.transaction([&]() -> StorageError {
        QSqlQuery write(db.connection());
        if (!write.exec(u"DELETE FROM bench_corpus"_s))
            return db.errorFrom(write, u"Writing bench_corpus"_s);
        if (!write.prepare(u"INSERT INTO bench_corpus (key, value) VALUES (?, ?)"_s))
            return db.errorFrom(write, u"Writing bench_corpus"_s);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            write.bindValue(0, it.key());
            write.bindValue(1, it.value());
            if (!write.exec())
                return db.errorFrom(write, u"Writing bench_corpus"_s);
        }
        return {};
    });
}
