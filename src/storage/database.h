// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "recoverynotice.h"
#include "storageerror.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

class QSqlError;
class QSqlQuery;

// One connection to the history database, owned by the thread that opened it (QtSql
// connections must not cross threads). Opening applies the connection settings (WAL, foreign
// keys and a busy timeout on SQLite) and brings the schema up to date.
class Database
{
public:
    enum class Dialect { Sqlite, Postgres };

    explicit Database(DatabaseConfig config);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens the connection and migrates the schema. A SQLite file that is corrupt is moved
    // aside (to "<name>.corrupt-<timestamp>"), a fresh one started and what can still be read
    // copied into it; movedAsidePath() then says where the old one went, and recoveryNotice()
    // tells the user until they dismiss it. A SQLite file that cannot be written (read-only
    // file, folder or disk, or a full disk) is opened for reading only: isReadOnly().
    StorageError open();
    // Opens and sets up the connection (moving a corrupt SQLite file aside as open() does)
    // without touching the schema: for tools and tests that migrate step by step.
    StorageError openConnection();
    // Closes and opens the connection again, e.g. after the PostgreSQL server went away.
    // transaction() does this by itself when starting one finds the connection lost.
    StorageError reconnect();
    void close();
    bool isOpen() const;

    Dialect dialect() const { return m_dialect; }
    const DatabaseConfig &config() const { return m_config; }
    QSqlDatabase connection() const;
    QString movedAsidePath() const { return m_movedAsidePath; }
    // What the user is told about a damaged history replaced by this one (SQLite), if anything.
    std::optional<RecoveryNotice> recoveryNotice() const { return m_recoveryNotice; }
    // Open for reading only; readOnlyReason() says why, as the error any write would get.
    bool isReadOnly() const { return m_readOnlyReason.isError(); }
    StorageError readOnlyReason() const { return m_readOnlyReason; }
    QString connectionName() const { return m_connectionName; }

    // Maps a driver error to what it means for the user (disk full, read-only, unreachable…).
    StorageError errorFrom(const QSqlError &error, const QString &what) const;
    StorageError errorFrom(const QSqlQuery &query, const QString &what) const;

    // Runs `work` in a transaction: commits when it returns no error, rolls back otherwise.
    template<typename Work> StorageError transaction(Work &&work);

private:
    StorageError begin();
    StorageError commit();
    void rollback();

    StorageError openSqlite();
    StorageError openSqliteReadOnly(const StorageError &why);
    void salvage();
    StorageError openPostgres();
    QString sqliteName() const;
    QString serverName() const;
    QString redacted(QString text) const;

    DatabaseConfig m_config;
    Dialect m_dialect;
    QString m_connectionName;
    QString m_movedAsidePath;
    std::optional<RecoveryNotice> m_recoveryNotice;
    StorageError m_readOnlyReason;
};

template<typename Work> StorageError Database::transaction(Work &&work)
{
    if (StorageError error = begin(); error.isError())
        return error;
    StorageError error = work();
    if (error.isError()) {
        rollback();
        return error;
    }
    return commit();
}
