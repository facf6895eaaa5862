// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// Which database to open: a SQLite file, or a PostgreSQL server given by URL
// postgresql://user[:password]@host[:port]/dbname?sslmode=…
class DatabaseConfig
{
public:
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString sqlitePath; // Sqlite
    QString host;       // Postgres
    int port = 5432;
    QString user;
    QString password; // from the URL, PGPASSWORD or the keychain; never written anywhere
    QString databaseName;
    QString connectOptions; // QPSQL options, e.g. "sslmode=require;connect_timeout=5"

    // Reads a postgresql:// (or postgres://) URL or a SQLite file path (absolute, relative, or
    // file: URL). On a malformed value returns nullopt and says why in `error`.
    static std::optional<DatabaseConfig> parse(const QString &urlOrPath, QString *error);

    // Confab/history.sqlite in the user's data folder (GenericDataLocation), shared by both executables.
    static DatabaseConfig defaultSqlite();

    // What to choose, in order: the command line's --database, $CONFAB_DATABASE, the setting,
    // and else the default SQLite file. PGPASSWORD fills a missing PostgreSQL password.
    // `warning` gets passwordWarning(commandLine), for stderr.
    static std::optional<DatabaseConfig> resolve(const QString &commandLine, const QString &setting,
                                                 QString *error, QString *warning = nullptr);

    // Why a password in a --database URL is a bad idea and where to put it instead, or empty
    // when `commandLine` holds none.
    static QString passwordWarning(const QString &commandLine);

    // Whether the PostgreSQL server is on this machine: a Unix socket, localhost, 127.0.0.0/8, ::1.
    bool isLocal() const;

    // The QPSQL options to connect with: connectOptions, and for a server on another machine
    // sslmode=verify-full unless the URL chose a mode (the password and the history cross the
    // network; libpq's own default would send them in clear to a server without TLS).
    QString postgresConnectOptions() const;

    // For messages and logs: the URL without its password, or the file path.
    QString displayName() const;
};
