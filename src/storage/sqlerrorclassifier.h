// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "storageerror.h"

#include <QString>

class QSqlError;

// Says what a driver's error means for the user (disk full, read-only, locked, damaged,
// unreachable…) and what to do about it, for the database `config` describes.
class SqlErrorClassifier
{
public:
    // Keeps a reference: `config` outlives the classifier (both belong to one Database).
    explicit SqlErrorClassifier(const DatabaseConfig &config);

    StorageError classify(const QSqlError &error, const QString &what) const;

    // How the user knows the database: the SQLite file's native path, or host:port.
    QString sqliteName() const;
    QString serverName() const;
    // `text` without the password, should a driver quote it back.
    QString redacted(QString text) const;

private:
    const DatabaseConfig &m_config;
};
