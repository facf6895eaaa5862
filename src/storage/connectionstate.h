// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "storageerror.h"

#include <memory>

class Database;

// Whether the store's connection is lost and must be reopened before it is used again, and
// what a failure means when it is. Only a PostgreSQL connection is ever lost; a SQLite one is
// a file. StoreWorker does the reconnecting and asks this when.
class ConnectionState
{
public:
    // Reads `db` (owned by the caller, replaced or reset at will) and `config`, both of
    // which outlive this.
    ConnectionState(const DatabaseConfig &config, const std::unique_ptr<Database> &db);

    // Lost, or seen closed by the driver: reopen before using it.
    bool needsReconnect() const { return m_lost || driverSawItGo(); }
    // Notes a failure that lost the connection.
    void noteFailure(const StorageError &error);
    void reconnected() { m_lost = false; }
    // `error`, or a lost connection when the connection is gone: the driver's own error
    // after that (a refused transaction, say) would blame the write.
    StorageError lostOr(StorageError error) const;

private:
    bool driverSawItGo() const;

    const DatabaseConfig &m_config;
    const std::unique_ptr<Database> &m_db;
    bool m_lost = false;
};
