// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "storageerror.h"

#include <QString>

class SqlErrorClassifier;

// Opens a Database's PostgreSQL connection under `connectionName` (QPSQL, with a connect
// timeout unless the URL sets one) and explains a refusal: TLS, credentials, a missing
// database, an unreachable server. On an error the caller removes the connection.
class PostgresConnector
{
public:
    static StorageError open(const DatabaseConfig &config, const QString &connectionName,
                             const SqlErrorClassifier &errors);
};
