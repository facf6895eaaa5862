// SPDX-License-Identifier: GPL-3.0-or-later
#include "writerregistry.h"

#include "database.h"
#include "storagelogging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUuid>
#include <QVariant>

#include <limits>
#include <utility>

#ifdef Q_OS_WIN
#include <qt_windows.h>
#else
#include <cerrno>
#include <signal.h>
#endif

namespace {

// Whether a process with that id surely no longer runs on this machine. Anything unclear (no
// right to ask, say) counts as running: a live stream must never be taken for an orphan.
bool processIsGone(qint64 pid)
{
    if (pid <= 0)
        return true;
#ifdef Q_OS_WIN
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return GetLastError() == ERROR_INVALID_PARAMETER;
    DWORD exitCode = 0;
    const bool exited = GetExitCodeProcess(process, &exitCode) && exitCode != STILL_ACTIVE;
    CloseHandle(process);
    return exited;
#else
    if (pid > std::numeric_limits<pid_t>::max())
        return true;
    return kill(pid_t(pid), 0) == -1 && errno == ESRCH;
#endif
}

struct Instance
{
    QString id;
    QString hostname;
    qint64 pid = 0;
    qint64 heartbeatAt = 0;
};

} // namespace

WriterRegistry::WriterRegistry(Database &db)
    : m_db(db)
{}

StorageResult<QString> WriterRegistry::registerInstance()
{
    StorageResult<QString> result;
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "INSERT INTO instances (id, hostname, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(id);
    query.addBindValue(QSysInfo::machineHostName());
    query.addBindValue(QCoreApplication::applicationPid());
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec()) {
        result.error =
            m_db.errorFrom(query, QStringLiteral("cannot register this Confab in the history database"));
        return result;
    }
    result.value = id;
    return result;
}

StorageError WriterRegistry::heartbeat(const QString &instanceId)
{
    // Registers again if the row went (another Confab took us for gone while we were asleep).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO instances (id, hostname, pid, started_at, heartbeat_at)"
                                 " VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at"));
    query.addBindValue(instanceId);
    query.addBindValue(QSysInfo::machineHostName());
    query.addBindValue(QCoreApplication::applicationPid());
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot record that this Confab is running"));
    return {};
}

StorageError WriterRegistry::unregisterInstance(const QString &instanceId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM instances WHERE id = ?"));
    query.addBindValue(instanceId);
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot unregister this Confab"));
    return {};
}

StorageResult<int> WriterRegistry::recoverOrphans(std::chrono::seconds staleAfter)
{
    StorageResult<int> result;
    const QString what = QStringLiteral("cannot recover the replies an earlier Confab left unfinished");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 staleBefore =
        now - qint64(std::chrono::duration_cast<std::chrono::milliseconds>(staleAfter).count());
    const QString host = QSysInfo::machineHostName();
    const qint64 ownPid = QCoreApplication::applicationPid();

    // Read before the transaction: it then starts with a write and takes SQLite's write lock at
    // once instead of upgrading a read lock, which cannot wait for a busy database.
    QList<Instance> gone;
    {
        QSqlQuery query(m_db.connection());
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT id, hostname, pid, heartbeat_at FROM instances"))) {
            result.error = m_db.errorFrom(query, what);
            return result;
        }
        while (query.next()) {
            const Instance instance{query.value(0).toString(), query.value(1).toString(),
                                    query.value(2).toLongLong(), query.value(3).toLongLong()};
            const bool here = instance.hostname == host;
            if (here && instance.pid == ownPid)
                continue; // this very process: alive, however late its heartbeat
            if (instance.heartbeatAt < staleBefore || (here && processIsGone(instance.pid)))
                gone.append(instance);
        }
    }

    result.error = m_db.transaction([&]() -> StorageError {
        QSqlQuery query(m_db.connection());
        // Only if it has not beaten since we looked: then it is alive after all.
        query.prepare(QStringLiteral("DELETE FROM instances WHERE id = ? AND heartbeat_at = ?"));
        for (const Instance &instance : std::as_const(gone)) {
            query.bindValue(0, instance.id);
            query.bindValue(1, instance.heartbeatAt);
            if (!query.exec())
                return m_db.errorFrom(query, what);
            qCInfo(lcStorage) << "instance" << instance.id << "on" << instance.hostname << "pid"
                              << instance.pid << "is gone";
        }
        // A writer is gone when it has no row: never had one, unregistered, or just deleted.
        query.prepare(
            QStringLiteral("UPDATE messages SET status = 'interrupted', writer_id = NULL, updated_at = ?"
                           " WHERE status = 'streaming' AND (writer_id IS NULL OR NOT EXISTS"
                           " (SELECT 1 FROM instances i WHERE i.id = messages.writer_id))"));
        query.addBindValue(now);
        if (!query.exec())
            return m_db.errorFrom(query, what);
        result.value = query.numRowsAffected();
        return {};
    });
    if (result.error.isError())
        result.value = 0;
    return result;
}
