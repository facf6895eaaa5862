// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "changelistener.h"
#include "connectionstate.h"
#include "conversationstore.h"
#include "databaseconfig.h"
#include "storageerror.h"
#include "writequeue.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

class ConversationRepository;
class Database;
class SearchRepository;
class WriterRegistry;

// The half of ConversationStore that lives on the storage thread: it owns the connection and
// the repositories, runs the writes of its WriteQueue one at a time in the order they came,
// retries a write that fails for a reason that passes, reconnects, and passes on what its
// ChangeListener hears of other Confabs' changes.
// Every public function is called on the storage thread only (the store posts them there).
class StoreWorker : public QObject
{
    Q_OBJECT

public:
    using Work = WriteQueue::Work;
    using Resolve = WriteQueue::Resolve;

    static constexpr std::chrono::milliseconds firstRetryDelay{250};
    static constexpr std::chrono::milliseconds maxRetryDelay{8000};
    static constexpr std::chrono::milliseconds heartbeatInterval{10000};
    static constexpr std::chrono::milliseconds shutdownGrace{3000};

    explicit StoreWorker(DatabaseConfig config, QObject *parent = nullptr);
    ~StoreWorker() override;

    void open();
    // Lets the queued writes finish (giving up on one still failing after shutdownGrace),
    // closes the connection and quits the thread.
    void shutdown();

    void enqueueWrite(Work work, Resolve resolve);
    void enqueueFlush(std::function<void()> resolve);
    // Resolves every write still waiting for a retry with the error it waits on, without
    // running it, and keeps none for later (nor for shutdown). Writes already committed keep
    // their outcome: what is then reported as not saved really is not.
    void abandonWaitingWrites();
    // Runs `read` now unless the connection is known to be down while writes wait for it: then
    // it gets that error at once, so a reader never waits on an outage.
    void runRead(const std::function<void(const StorageError &blocked)> &read);
    // Runs `work` on the connection at once, ahead of the queued writes (maintenance, and
    // fault injection in tests).
    StorageError runNow(const std::function<StorageError(Database &)> &work);
    // Removes the notice about a damaged history that was replaced (SQLite).
    StorageError dismissRecoveryNotice();

    ConversationRepository &conversations() { return *m_conversations; }
    SearchRepository &searches() { return *m_search; }
    QString instanceId() const { return m_instanceId; }

Q_SIGNALS:
    void opened(const QString &instanceId, const QString &movedAsidePath);
    void statusChanged(ConversationStore::Status status, const QString &message);
    void retryingAfter(const StorageError &error); // before statusChanged(Retrying)
    void pendingWritesChanged(int count);
    void recovered(int messages);
    // What the user is told about a damaged history that was replaced; empty once dismissed.
    void recoveryNoticeChanged(const QString &message);
    void conversationsChanged(const QStringList &conversationIds);
    void messagesChanged(const QString &conversationId, const QStringList &messageIds);

private:
    StorageError tryOpen();
    StorageError reconnect();
    void finishOpen();
    void fail(const StorageError &error);
    void pump();
    void scheduleRetry(const StorageError &error);
    void retry();
    void resetBackoff() { m_retryDelay = firstRetryDelay; }
    void setStatus(ConversationStore::Status status, const QString &message = {});
    void reportPending();
    void failQueue(const StorageError &error);
    void heartbeat();
    void listen();
    void closeDatabase();
    void finishShutdown();

    DatabaseConfig m_config;
    std::unique_ptr<Database> m_db;
    ConnectionState m_connection; // after m_config and m_db, which it reads
    std::unique_ptr<ConversationRepository> m_conversations;
    std::unique_ptr<SearchRepository> m_search;
    std::unique_ptr<WriterRegistry> m_registry;
    QString m_instanceId;

    WriteQueue m_queue;
    bool m_open = false;      // opened once: the repositories exist
    bool m_failed = false;    // could not be opened for good
    StorageError m_openError; // why, when m_failed
    bool m_blocked = false;   // the head write (or the opening) waits for a retry
    StorageError m_blockingError;
    std::chrono::milliseconds m_retryDelay = firstRetryDelay;
    QTimer m_retryTimer;
    QTimer m_heartbeatTimer;
    ConversationStore::Status m_status = ConversationStore::Status::Opening;
    QString m_statusMessage;
    int m_reportedPending = 0;

    bool m_shuttingDown = false;
    QDeadlineTimer m_shutdownDeadline;

    bool m_readOnly = false;  // SQLite opened for reading only: writes fail at once
    ChangeListener m_changes; // LISTEN/NOTIFY on PostgreSQL, data_version on SQLite
};
