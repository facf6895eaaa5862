// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

// Fresh databases for tests, of both backends, so that one suite runs against both: a new
// SQLite file, or a new database on the PostgreSQL server that scripts/test.sh starts
// ($CONFAB_TEST_POSTGRES_URL). There is no silent skipping: without that server the
// PostgreSQL rows fail and say how to get one.
class TestDatabases
{
public:
    static QStringList backends(); // "sqlite", "postgres"

    // Adds a "backend" QString column and one row per backend, named after it, to the current
    // test's data table.
    static void addBackendRows();

    // A new, empty database. For SQLite the file lives in `folder`.
    static std::optional<DatabaseConfig> fresh(const QString &backend, const QString &folder, QString *error);

    // A raw QtSql connection named `connectionName` to `config`, for a test that looks at the
    // database beside the code under test. Not opened yet; `sqliteOptions` are QSQLITE's.
    static QSqlDatabase connection(const DatabaseConfig &config, const QString &connectionName,
                                   const QString &sqliteOptions = {});

    // The test server's URL for a database of that name (which must exist).
    static QString postgresUrl(const QString &databaseName = {});
};
