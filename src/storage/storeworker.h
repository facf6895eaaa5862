// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationstore.h"
#include "databaseconfig.h"
#include "sqlitewatcher.h"
#include "storageerror.h"

#include <QDeadlineTimer>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSqlDriver>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

class ConversationRepository;
class Database;
class SearchRepository;
class WriterRegistry;

// The half of ConversationStore that lives on the storage thread: it owns the connection and
// the repositories, runs the writes one at a time in the order they came, retries a write that
// fails for a reason that passes, and listens for other Confabs' changes (PostgreSQL).
// Every public function is called on the storage thread only (the store posts them there).
class StoreWorker : public QObject
{
    Q_OBJECT

public:
    // The SQL of one write; runs on the storage thread.
    using Work = std::function<StorageError(StoreWorker &)>;
    // Fulfils the caller's promise with the write's outcome.
    using Resolve = std::function<void(const StorageError &)>;

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
    struct Pending
    {
        Work work; // empty for a flush marker
        Resolve resolve;
        std::function<void()> flushed;
    };

    StorageError tryOpen();
    StorageError reconnect();
    void finishOpen();
    void fail(const StorageError &error);
    void pump();
    void scheduleRetry(const StorageError &error);
    void retry();
    void resetBackoff();
    bool connectionLost(const StorageError &error) const;
    bool connectionDown() const;
    StorageError lostOr(StorageError error) const;
    void setStatus(ConversationStore::Status status, const QString &message = {});
    void reportPending();
    void failQueue(const StorageError &error);
    int pendingWriteCount() const;
    void heartbeat();
    void listen();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);
    void emitChanges();
    void closeDatabase();
    void finishShutdown();

    DatabaseConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationRepository> m_conversations;
    std::unique_ptr<SearchRepository> m_search;
    std::unique_ptr<WriterRegistry> m_registry;
    QString m_instanceId;

    std::deque<Pending> m_queue;
    bool m_open = false;         // opened once: the repositories exist
    bool m_failed = false;       // could not be opened for good
    StorageError m_openError;    // why, when m_failed
    bool m_blocked = false;      // the head write (or the opening) waits for a retry
    bool m_disconnected = false; // PostgreSQL: the connection was lost; reopen before using it
    StorageError m_blockingError;
    std::chrono::milliseconds m_retryDelay = firstRetryDelay;
    QTimer m_retryTimer;
    QTimer m_heartbeatTimer;
    ConversationStore::Status m_status = ConversationStore::Status::Opening;
    QString m_statusMessage;
    int m_reportedPending = 0;

    bool m_shuttingDown = false;
    QDeadlineTimer m_shutdownDeadline;

    QMetaObject::Connection m_notificationConnection;
    QPointer<QSqlDriver> m_listeningDriver; // the connection we LISTEN on; Database may replace it
    bool m_listenedBefore = false;
    QTimer m_changeTimer; // coalesces a burst of notifications into one signal per kind
    QSet<QString> m_changedConversations;
    QHash<QString, QSet<QString>> m_changedMessages;
    bool m_changedEverything = false;

    bool m_readOnly = false; // SQLite opened for reading only: writes fail at once
    SqliteWatcher m_sqliteWatcher; // other programs' changes to a SQLite history
};
