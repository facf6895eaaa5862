// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "migrations.h"
#include "postgresconnector.h"
#include "sqliteopener.h"
#include "sqlitesalvage.h"
#include "storagelogging.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_dialect(m_config.backend == DatabaseConfig::Backend::Postgres ? Dialect::Postgres : Dialect::Sqlite)
    , m_connectionName(QStringLiteral("confab-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
    , m_errors(m_config)
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

StorageError Database::openPostgres()
{
    const StorageError error = PostgresConnector::open(m_config, m_connectionName, m_errors);
    if (error.isError())
        close();
    return error;
}

StorageError Database::errorFrom(const QSqlQuery &query, const QString &what) const
{
    return m_errors.classify(query.lastError(), what);
}

StorageError Database::errorFrom(const QSqlError &error, const QString &what) const
{
    return m_errors.classify(error, what);
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
        qCWarning(lcStorage) << "rollback failed:" << m_errors.redacted(db.lastError().text());
}
