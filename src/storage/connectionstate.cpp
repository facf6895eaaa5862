// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionstate.h"

#include "database.h"
#include "storagelogging.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

ConnectionState::ConnectionState(const DatabaseConfig &config, const std::unique_ptr<Database> &db)
    : m_config(config)
    , m_db(db)
{}

void ConnectionState::noteFailure(const StorageError &error)
{
    if (error.kind == StorageError::Kind::Unavailable)
        m_lost = true;
}

bool ConnectionState::driverSawItGo() const
{
    // libpq notices a server that went away (QPSQL's notifier reads the socket), and the
    // driver then refuses to start a transaction without saying why: ask it first.
    return m_db && m_db->dialect() == Database::Dialect::Postgres && !m_db->isOpen();
}

StorageError ConnectionState::lostOr(StorageError error) const
{
    if (error.isError() && !error.isTransient() && driverSawItGo()) {
        qCDebug(lcStorage) << "the connection is gone; taking this for a lost connection:" << error.message;
        const QString host = m_config.host.isEmpty() ? u"localhost"_s : m_config.host;
        error.kind = StorageError::Kind::Unavailable;
        error.message =
            QCoreApplication::translate(
                "StoreWorker", "the connection to the PostgreSQL server at %1:%2 is lost; check that "
                               "it is running and reachable (the write is kept and retried)")
                .arg(host)
                .arg(m_config.port);
    }
    return error;
}
