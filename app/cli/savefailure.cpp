// SPDX-License-Identifier: GPL-3.0-or-later
#include "savefailure.h"

#include <QCoreApplication>

QString SaveFailure::reason(const StorageError &error, const DatabaseConfig &database)
{
    const QString name = database.displayName();
    switch (error.kind) {
    case StorageError::Kind::Locked:
        return QCoreApplication::translate("cli", "the history database %1 is locked by another program")
            .arg(name);
    case StorageError::Kind::Unavailable:
        return QCoreApplication::translate("cli", "the history database %1 cannot be reached").arg(name);
    case StorageError::Kind::DiskFull:
        return QCoreApplication::translate("cli", "the disk holding the history database %1 is full")
            .arg(name);
    default:
        break;
    }
    if (!error.message.isEmpty())
        return error.message;
    return QCoreApplication::translate("cli", "the history database %1 failed").arg(name);
}
