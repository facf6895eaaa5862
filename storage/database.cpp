// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "migrations.h"
#include "postgrestls.h"
#include "storagelogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

namespace {

constexpr int defaultBusyTimeoutMs = 5000;
constexpr auto defaultConnectTimeout = "connect_timeout=5";

// SQLite's primary result codes (the driver may report extended ones: the low byte is the
// primary code).
enum SqliteCode {
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteNotADb = 26
};

QString joinOptions(const QString &a, const QString &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return a + u';' + b;
}

bool hasOption(const QString &options, QStringView key)
{
    for (const QString &option : options.split(u';', Qt::SkipEmptyParts)) {
        if (QStringView(option).trimmed().startsWith(key))
            return true;
    }
    return false;
}

int busyTimeoutFrom(const QString &options)
{
    for (const QString &option : options.split(u';', Qt::SkipEmptyParts)) {
        const QString trimmed = option.trimmed();
        if (trimmed.startsWith(u"QSQLITE_BUSY_TIMEOUT=")) {
            bool ok = false;
            const int value = trimmed.mid(trimmed.indexOf(u'=') + 1).toInt(&ok);
            if (ok && value >= 0)
                return value;
        }
    }
    return defaultBusyTimeoutMs;
}

} // namespace

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_dialect(m_config.backend == DatabaseConfig::Backend::Postgres ? Dialect::Postgres : Dialect::Sqlite)
    , m_connectionName(QStringLiteral("confab-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{}

Database::~Database()
{
    close();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && connection().isOpen();
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = connection();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

StorageError Database::open()
{
    if (isOpen())
        return {};
    if (StorageError error = openConnection(); error.isError())
        return error;
    if (StorageError error = Migrations::migrate(*this); error.isError()) {
        close();
        return error;
    }
    if (StorageError error = checkWritable(); error.isError()) {
        close();
        return error;
    }
    qCInfo(lcStorage) << "opened" << m_config.displayName() << "at schema version"
                      << Migrations::latestVersion();
    return {};
}

StorageError Database::openConnection()
{
    close();
    m_movedAsidePath.clear();
    return m_dialect == Dialect::Sqlite ? openSqlite() : openPostgres();
}

StorageError Database::reconnect()
{
    qCInfo(lcStorage) << "reconnecting to" << m_config.displayName();
    close();
    return m_dialect == Dialect::Sqlite ? openSqlite() : openPostgres();
}

QString Database::sqliteName() const
{
    return QDir::toNativeSeparators(m_config.sqlitePath);
}

StorageError Database::openSqlite()
{
    const QString path = m_config.sqlitePath;
    const bool inMemory = path == u":memory:";
    if (!inMemory) {
        const QFileInfo file(path);
        const QString folder = file.absolutePath();
        if (!QDir().mkpath(folder)) {
            return {
                StorageError::Kind::ReadOnly,
                QStringLiteral("cannot create the folder %1 for the history database: check its permissions, "
                               "or choose another location with --database")
                    .arg(QDir::toNativeSeparators(folder)),
                {}};
        }
        // SQLite would quietly open a read-only file read-only; say so now, naming the file.
        if (file.exists() && !file.isWritable()) {
            return {StorageError::Kind::ReadOnly,
                    QStringLiteral(
                        "the history database %1 is read-only: make it writable (check its permissions "
                        "and owner), or choose another location with --database")
                        .arg(sqliteName()),
                    {}};
        }
        // The journal files (-wal, -shm) are made next to the database.
        if (!QFileInfo(folder).isWritable()) {
            return {StorageError::Kind::ReadOnly,
                    QStringLiteral("the folder %1 of the history database is read-only: make it writable, or "
                                   "choose another location with --database")
                        .arg(QDir::toNativeSeparators(folder)),
                    {}};
        }
    }

    if (StorageError error = openSqliteFile(); error.isError())
        return error;

    StorageError damage = checkSqliteIntegrity();
    if (damage.kind == StorageError::Kind::Corrupt && !inMemory) {
        close();
        if (StorageError error = moveAside(damage); error.isError())
            return error;
        if (StorageError error = openSqliteFile(); error.isError())
            return error;
        damage = checkSqliteIntegrity();
    }
    if (damage.isError()) {
        close();
        return damage;
    }

    const int busyTimeout = busyTimeoutFrom(m_config.connectOptions);
    const QString pragmas[] = {
        QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeout),
        QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA synchronous = NORMAL"),
        // So that INSERT OR REPLACE fires the delete triggers that keep the FTS index right.
        QStringLiteral("PRAGMA recursive_triggers = ON"),
    };
    QSqlQuery query(connection());
    for (const QString &pragma : pragmas) {
        if (!query.exec(pragma)) {
            StorageError error = errorFrom(query, QStringLiteral("cannot set up the history database"));
            close();
            return error;
        }
        if (pragma.contains(u"journal_mode") && query.next() &&
            query.value(0).toString().compare(u"wal", Qt::CaseInsensitive) != 0 && !inMemory) {
            // Some file systems (network shares) cannot do WAL: SQLite keeps its rollback journal.
            qCWarning(lcStorage) << "WAL is not available for" << m_config.displayName()
                                 << "- journal mode is" << query.value(0).toString();
        }
    }
    return {};
}

StorageError Database::openSqliteFile()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_config.sqlitePath);
    QString options = m_config.connectOptions;
    if (!hasOption(options, u"QSQLITE_BUSY_TIMEOUT"))
        options = joinOptions(options, QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(defaultBusyTimeoutMs));
    db.setConnectOptions(options);
    if (!db.open()) {
        StorageError error = errorFrom(db.lastError(), QStringLiteral("cannot open the history database"));
        db = {};
        close();
        return error;
    }
    return {};
}

StorageError Database::checkSqliteIntegrity()
{
    QSqlQuery query(connection());
    // A file that is not a database fails on its first read (SQLITE_NOTADB).
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")))
        return errorFrom(query, QStringLiteral("cannot read the history database"));
    // quick_check reads every page: cheap for a small file, seconds for years of history. A large
    // file is checked by use instead: a damaged page read later reports SQLITE_CORRUPT, which
    // errorFrom() maps to Corrupt and the user is told.
    constexpr qint64 fullCheckLimit = 32 * 1024 * 1024;
    if (QFileInfo(m_config.sqlitePath).size() > fullCheckLimit)
        return {};
    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return errorFrom(query, QStringLiteral("cannot check the history database"));
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems == QStringList{QStringLiteral("ok")})
        return {};
    return {StorageError::Kind::Corrupt,
            QStringLiteral("the history database %1 is damaged").arg(sqliteName()),
            problems.join(u' ').simplified().left(300)};
}

StorageError Database::moveAside(const StorageError &damage)
{
    const QString path = m_config.sqlitePath;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = QStringLiteral("%1.corrupt-%2").arg(path, stamp);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QStringLiteral("%1.corrupt-%2-%3").arg(path, stamp).arg(n);

    qCWarning(lcStorage) << "the history database" << m_config.displayName() << "is damaged ("
                         << damage.detail << "): moving it to" << target;
    if (!QFile::rename(path, target)) {
        return {StorageError::Kind::Corrupt,
                QStringLiteral(
                    "the history database %1 is damaged and could not be moved aside: move or delete it "
                    "yourself, or choose another location with --database")
                    .arg(sqliteName()),
                damage.detail};
    }
    // The journal files belong to the damaged copy; keep them with it, under names SQLite would look for.
    for (const QString &suffix :
         {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, target + suffix))
            QFile::remove(path + suffix);
    }
    m_movedAsidePath = target;
    return {};
}

StorageError Database::openPostgres()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    db.setHostName(m_config.host);
    db.setPort(m_config.port);
    db.setUserName(m_config.user);
    db.setPassword(m_config.password);
    db.setDatabaseName(m_config.databaseName);
    QString options = m_config.postgresConnectOptions();
    if (!hasOption(options, u"connect_timeout"))
        options = joinOptions(options, QString::fromLatin1(defaultConnectTimeout));
    db.setConnectOptions(options);

    if (!db.open()) {
        const QString text = redacted(db.lastError().text().simplified());
        db = {};
        close();
        const QString where = serverName();
        if (StorageError tls = PostgresTls::explain(m_config, where, text, options);
            tls.kind != StorageError::Kind::None)
            return tls;
        if (text.contains(u"authentication failed") || text.contains(u"no password supplied")) {
            return {
                StorageError::Kind::Invalid,
                QStringLiteral("the PostgreSQL server at %1 refused user '%2': check the user name and the "
                               "password (in the URL or PGPASSWORD)")
                    .arg(where, m_config.user),
                text};
        }
        if (text.contains(u"does not exist")) {
            return {StorageError::Kind::Invalid,
                    QStringLiteral(
                        "the PostgreSQL server at %1 has no database '%2' (or no role '%3'): create it, "
                        "or fix the URL")
                        .arg(where, m_config.databaseName, m_config.user),
                    text};
        }
        return {StorageError::Kind::Unavailable,
                QStringLiteral(
                    "cannot reach the PostgreSQL server at %1: %2; check that it is running and accepts "
                    "connections from this machine, and that the URL is right")
                    .arg(where, text),
                text};
    }

    QSqlQuery query(db);
    // Migrations say "IF NOT EXISTS"; the notices that come back are noise in the log.
    if (!query.exec(QStringLiteral("SET client_min_messages = warning"))) {
        StorageError error = errorFrom(query, QStringLiteral("cannot set up the PostgreSQL connection"));
        close();
        return error;
    }
    return {};
}

StorageError Database::checkWritable()
{
    if (m_dialect != Dialect::Sqlite)
        return {};
    // A write that changes nothing tells a read-only connection (SQLITE_READONLY) at once.
    // Another writer holding the lock is fine: it is not ours to wait for.
    QSqlQuery query(connection());
    const int busyTimeout = busyTimeoutFrom(m_config.connectOptions);
    query.exec(QStringLiteral("PRAGMA busy_timeout = 0"));
    StorageError error;
    // Rewriting user_version with its own value is a write that changes nothing, and it is
    // rolled back anyway.
    const bool wrote =
        query.exec(QStringLiteral("BEGIN IMMEDIATE")) && query.exec(QStringLiteral("PRAGMA user_version")) &&
        query.next() &&
        query.exec(QStringLiteral("PRAGMA user_version = %1").arg(query.value(0).toLongLong()));
    if (!wrote) {
        if (StorageError refused = errorFrom(query, QStringLiteral("cannot write the history database"));
            refused.kind != StorageError::Kind::Locked)
            error = refused;
    }
    query.exec(QStringLiteral("ROLLBACK"));
    query.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeout));
    return error;
}

QString Database::serverName() const
{
    const QString host = m_config.host.isEmpty() ? QStringLiteral("localhost") : m_config.host;
    return QStringLiteral("%1:%2").arg(host.contains(u':') ? u'[' + host + u']' : host).arg(m_config.port);
}

QString Database::redacted(QString text) const
{
    // libpq does not quote passwords back, but a driver message is not ours to trust. A very
    // short password would mangle the text for little gain.
    if (m_config.password.size() >= 4)
        text.replace(m_config.password, QStringLiteral("***"));
    return text;
}

StorageError Database::errorFrom(const QSqlQuery &query, const QString &what) const
{
    return errorFrom(query.lastError(), what);
}

StorageError Database::errorFrom(const QSqlError &error, const QString &what) const
{
    using Kind = StorageError::Kind;
    const QString code = error.nativeErrorCode();
    const QString detail = redacted(QStringLiteral("%1%2").arg(
        error.text().simplified(), code.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(code)));

    if (m_dialect == Dialect::Sqlite) {
        bool ok = false;
        const int primary = code.toInt(&ok) & 0xff;
        if (ok) {
            switch (primary) {
            case SqliteFull:
                return {
                    Kind::DiskFull,
                    QStringLiteral("%1: the disk holding %2 is full; free some space (the write is kept and "
                                   "retried)")
                        .arg(what, sqliteName()),
                    detail};
            case SqliteReadOnly:
                return {
                    Kind::ReadOnly,
                    QStringLiteral("%1: %2 is read-only; make the file and its folder writable, or choose "
                                   "another location with --database")
                        .arg(what, sqliteName()),
                    detail};
            case SqliteBusy:
            case SqliteLocked:
                return {Kind::Locked,
                        QStringLiteral("%1: %2 is locked by another program; close it, or wait (the write is "
                                       "retried)")
                            .arg(what, sqliteName()),
                        detail};
            case SqliteCorrupt:
            case SqliteNotADb:
                return {
                    Kind::Corrupt,
                    QStringLiteral("%1: %2 is damaged or is not a Confab database; restart Confab to set it "
                                   "aside and start a new one")
                        .arg(what, sqliteName()),
                    detail};
            default:
                break;
            }
        }
        return {Kind::Other, QStringLiteral("%1: %2").arg(what, error.text().simplified()), detail};
    }

    const QString text = error.text();
    if (error.type() == QSqlError::ConnectionError || code.startsWith(u"08") || code.startsWith(u"57P") ||
        text.contains(u"server closed the connection") || text.contains(u"no connection to the server") ||
        text.contains(u"terminating connection")) {
        return {Kind::Unavailable,
                QStringLiteral("%1: the connection to the PostgreSQL server at %2 is lost; check that it is "
                               "running and reachable (the write is kept and retried)")
                    .arg(what, serverName()),
                detail};
    }
    if (code == u"53100") {
        return {
            Kind::DiskFull,
            QStringLiteral("%1: the PostgreSQL server at %2 is out of disk space; ask its administrator to "
                           "free some (the write is kept and retried)")
                .arg(what, serverName()),
            detail};
    }
    if (code == u"25006") {
        return {Kind::ReadOnly,
                QStringLiteral("%1: the PostgreSQL server at %2 accepts only reads (a standby or a read-only "
                               "transaction); point Confab at the primary server")
                    .arg(what, serverName()),
                detail};
    }
    if (code == u"40001" || code == u"40P01" || code == u"55P03") {
        return {Kind::Locked,
                QStringLiteral("%1: another writer held the same rows; the write is retried").arg(what),
                detail};
    }
    if (code.startsWith(u"23")) {
        return {Kind::Other,
                QStringLiteral("%1: the data breaks a rule of the database: %2")
                    .arg(what, redacted(error.databaseText().simplified())),
                detail};
    }
    return {Kind::Other, QStringLiteral("%1: %2").arg(what, redacted(error.text().simplified())), detail};
}

StorageError Database::begin()
{
    // QPSQL marks a connection the server dropped as closed and does not reconnect by itself;
    // the server may be back by now.
    if (m_dialect == Dialect::Postgres && !isOpen()) {
        if (StorageError error = reconnect(); error.isError())
            return error;
    }
    QSqlDatabase db = connection();
    if (db.transaction())
        return {};
    StorageError error = errorFrom(db.lastError(), QStringLiteral("cannot start a transaction"));
    // Once libpq has seen the server go, QPSQL refuses BEGIN without setting any error: that too
    // is a lost connection.
    const bool silentlyLost = db.lastError().type() == QSqlError::NoError;
    if (m_dialect != Dialect::Postgres || (error.kind != StorageError::Kind::Unavailable && !silentlyLost))
        return error;
    db = {};
    if (StorageError again = reconnect(); again.isError())
        return again;
    db = connection();
    if (db.transaction())
        return {};
    return errorFrom(db.lastError(), QStringLiteral("cannot start a transaction"));
}

StorageError Database::commit()
{
    QSqlDatabase db = connection();
    if (db.commit())
        return {};
    StorageError error = errorFrom(db.lastError(), QStringLiteral("cannot commit"));
    db.rollback();
    return error;
}

void Database::rollback()
{
    QSqlDatabase db = connection();
    if (!db.rollback())
        qCWarning(lcStorage) << "rollback failed:" << redacted(db.lastError().text());
}
