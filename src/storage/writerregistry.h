// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageresult.h"

#include <QString>

#include <chrono>

class Database;

// Knows which running Confab writes which streaming message, so that crash recovery touches
// only the messages whose writer is gone. Each open store registers an instance (host, pid,
// heartbeat); a message being streamed names its writer.
class WriterRegistry
{
public:
    explicit WriterRegistry(Database &db);

    // Registers this process; returns its instance id.
    StorageResult<QString> registerInstance();
    StorageError heartbeat(const QString &instanceId);
    StorageError unregisterInstance(const QString &instanceId);

    // Marks `streaming` messages whose writer is gone as `interrupted`, keeping their text.
    // A writer is gone when it is on this host and its process is dead, or when its heartbeat
    // is older than `staleAfter`. Returns how many messages were recovered.
    StorageResult<int> recoverOrphans(std::chrono::seconds staleAfter = std::chrono::seconds(60));

private:
    Database &m_db;
};
