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

inline constexpr std::size_t count = 7;
const std::array<Step, count> &all();

// Runs one statement (or several) of a step; an error says `what` failed.
StorageError run(Database &db, QSqlQuery &query, const QString &sql, const QString &what);
StorageError runAll(Database &db, QSqlQuery &query, const QStringList &statements, const QString &what);
QString upgradeFailed(int version);

} // namespace SchemaSteps
