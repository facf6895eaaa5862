// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "migrations.h"
#include "postgrestls.h"
#include "sqliteopener.h"
#include "sqlitesalvage.h"
#include "storagelogging.h"

#include <QDateTime>
#include <QDir>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

namespace {

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
    StorageError error = openConnection();
    if (!error.isError())
        error = Migrations::migrate(*this);
    if (!error.isError() && m_dialect == Dialect::Sqlite)
        error = SqliteOpener(*this).checkWritable();
    if (error.isError() && m_dialect == Dialect::Sqlite)
        error = openSqliteReadOnly(error);
    if (error.isError()) {
        close();
        return error;
    }
    if (m_dialect == Dialect::Sqlite && m_config.sqlitePath != u":memory:") {
        if (!m_movedAsidePath.isEmpty() && !isReadOnly())
            salvage();
        m_recoveryNotice = RecoveryNotice::read(m_config.sqlitePath);
    }
    qCInfo(lcStorage) << "opened" << m_config.displayName() << "at schema version"
                      << Migrations::latestVersion() << (isReadOnly() ? "for reading only" : "");
    return {};
}

StorageError Database::openConnection()
{
    close();
    m_movedAsidePath.clear();
    m_readOnlyReason = {};
    return m_dialect == Dialect::Sqlite ? openSqlite() : openPostgres();
}

StorageError Database::reconnect()
{
    qCInfo(lcStorage) << "reconnecting to" << m_config.displayName();
    close();
    if (m_dialect == Dialect::Postgres)
        return openPostgres();
    if (isReadOnly())
        return openSqliteReadOnly(m_readOnlyReason);
    return openSqlite();
}

StorageError Database::openSqlite()
{
    SqliteOpener opener(*this);
    const StorageError error = opener.open();
    if (!opener.movedAsidePath().isEmpty())
        m_movedAsidePath = opener.movedAsidePath();
    return error;
}

StorageError Database::openSqliteReadOnly(const StorageError &why)
{
    // A damaged file, a newer schema or a lock are not cured by reading only.
    using Kind = StorageError::Kind;
    if (why.kind == Kind::Corrupt || why.kind == Kind::TooNew || why.kind == Kind::Locked ||
        why.kind == Kind::Invalid)
        return why;
    close();
    if (const StorageError error = SqliteOpener(*this).openReadOnly(why); error.isError())
        return error;
    m_readOnlyReason = {
        why.kind == Kind::DiskFull ? Kind::DiskFull : Kind::ReadOnly,
        QStringLiteral("the history is read-only: it can be read and searched, but nothing new can be "
                       "saved (%1)")
            .arg(why.message),
        why.detail};
    return {};
}

void Database::salvage()
{
    const SqliteSalvage::Result saved = SqliteSalvage::copy(*this, m_movedAsidePath);
    RecoveryNotice notice;
    notice.databasePath = m_config.sqlitePath;
    notice.damagedPath = m_movedAsidePath;
    notice.conversations = saved.conversations;
    notice.messages = saved.messages;
    notice.at = QDateTime::currentMSecsSinceEpoch();
    if (!notice.write())
        qCWarning(lcStorage) << "cannot write the recovery notice beside" << m_config.displayName();
}

QString Database::sqliteName() const
{
    return QDir::toNativeSeparators(m_config.sqlitePath);
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
