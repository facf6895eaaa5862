// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"

#include <QString>
#include <QStringList>

#include <array>
#include <cstddef>

class QSqlQuery;

// The schema's versions as data: step N brings a database from version N-1 to N, in both
// dialects. Migrations runs them, each in its own transaction.
namespace SchemaSteps {

struct Step
{
    QString what;
    StorageError (*apply)(Database &db, QSqlQuery &query);
};

inline constexpr std::size_t count = 8;
const std::array<Step, count> &all();

// Runs one statement (or several) of a step; an error says `what` failed.
StorageError run(Database &db, QSqlQuery &query, const QString &sql, const QString &what);
StorageError runAll(Database &db, QSqlQuery &query, const QStringList &statements, const QString &what);
QString upgradeFailed(int version);

// PostgreSQL refuses a tsvector over 1 MB: index only the start of a huge text, so that saving it
// never fails. 100 000 characters keep the vector well below the limit.
inline constexpr int postgresIndexedChars = 100000;

// v8 (schemastepparts.cpp): messages made of parts, their thinking searchable, and the reply's
// measured figures.
StorageError messageParts(Database &db, QSqlQuery &query);

} // namespace SchemaSteps
