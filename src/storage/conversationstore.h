// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "branchposition.h"
#include "conversationchange.h"
#include "conversationquery.h"
#include "conversationrecord.h"
#include "databaseconfig.h"
#include "messagerecord.h"
#include "searchhit.h"
#include "storageerror.h"
#include "storageresult.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

class Database;
class QThread;
class StoreWorker;

// The asynchronous storage API the app calls from the GUI thread. Every call returns at once;
// the work runs on the store's own thread, which owns the connection, and the result arrives
// through the returned QFuture (continue it with .then(context, …); never wait on it).
// Writes run in the order they were made. A write that fails for a reason that passes (server
// away, disk full, database locked) is kept and retried with backoff, in order, until it
// succeeds: its future resolves then. Other failures resolve the future with the error.
class ConversationStore : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString statusMessage READ statusMessage NOTIFY statusChanged)
    Q_PROPERTY(int pendingWrites READ pendingWrites NOTIFY pendingWritesChanged)
    // A damaged history was replaced with what could be saved from it: what to tell the user,
    // until they dismiss it (then empty).
    Q_PROPERTY(QString recoveryNotice READ recoveryNotice NOTIFY recoveryNoticeChanged)

public:
    enum class Status {
        Opening,  // the database is being opened and migrated
        Ready,    // open; writes go through
        Retrying, // writes are failing for a reason that passes and are being retried
        Failed,   // the database could not be opened (statusMessage says why)
        ReadOnly, // open for reading and searching only; nothing can be saved (statusMessage says why)
    };
    Q_ENUM(Status)

    explicit ConversationStore(DatabaseConfig config, QObject *parent = nullptr);
    // Lets the queued writes finish (the thread is joined: shutdown is the one place that waits).
    ~ConversationStore() override;

    Status status() const { return m_status; }
    QString statusMessage() const { return m_statusMessage; }
    // While Retrying: the failure the writes wait on (a lock, a full disk, a server away).
    StorageError retryError() const { return m_retryError; }
    int pendingWrites() const { return m_pendingWrites; }
    const DatabaseConfig &config() const { return m_config; }
    // Where a corrupt database file was moved, if that happened when opening.
    QString movedAsidePath() const { return m_movedAsidePath; }
    QString recoveryNotice() const { return m_recoveryNotice; }
    // This process's writer id, stored on the messages it streams.
    QString instanceId() const { return m_instanceId; }

    // Reads
    QFuture<StorageResult<QList<ConversationRecord>>> listConversations(const ConversationQuery &query);
    QFuture<StorageResult<ConversationRecord>> conversation(const QString &id);
    QFuture<StorageResult<QList<MessageRecord>>> branch(const QString &conversationId,
                                                        const QString &beforeId, int limit);
    QFuture<StorageResult<QList<MessageRecord>>> fullBranch(const QString &conversationId);
    QFuture<StorageResult<QList<MessageRecord>>> siblings(const QString &messageId);
    // Where each message stands among its siblings, for a page in one query.
    QFuture<StorageResult<QList<BranchPosition>>> branchPositions(const QStringList &messageIds);
    QFuture<StorageResult<QString>> latestLeafUnder(const QString &messageId);
    QFuture<StorageResult<QList<SearchHit>>> search(const QString &text, int limit = 20, int offset = 0);

    // Writes
    // A new conversation (one that exists is left as it is).
    QFuture<StorageError> createConversation(const ConversationRecord &conversation);
    // Only the fields the change carries: what the user changed, never a whole stale record.
    QFuture<StorageError> updateConversation(const ConversationChange &change);
    // Inserts or replaces every field: for a record that is the whole truth (imports, tests).
    QFuture<StorageError> saveConversation(const ConversationRecord &conversation);
    QFuture<StorageError> deleteConversation(const QString &id);
    // A `streaming` message without a writerId is saved with instanceId().
    QFuture<StorageError> saveMessage(const MessageRecord &message, bool makeCurrent = true);
    // See MessageRepository::appendStreamingText.
    QFuture<StorageError> appendStreamingText(const QString &messageId, const QString &tail,
                                              const QDateTime &previousUpdatedAt, const QDateTime &updatedAt);
    // Appends `tail` to part `position` of a streaming message, making that part (of `type`) when
    // the message has fewer parts; a text part's tail also extends the message's content. The
    // same crash safety as appendStreamingText: each append is committed on its own.
    QFuture<StorageError> appendStreamingPart(const QString &messageId, int position, MessagePart::Type type,
                                              const QString &tail, const QDateTime &previousUpdatedAt,
                                              const QDateTime &updatedAt);
    QFuture<StorageError> setCurrentLeaf(const QString &conversationId, const QString &messageId);

    // Removes the notice about a damaged history that was replaced, for every program using it.
    QFuture<StorageError> dismissRecoveryNotice();

    // Resolves once every write made before this call has been committed or has failed for good.
    QFuture<void> flush();
    // Gives up on the writes waiting for a retry: each resolves with the error it waits on and
    // none is made later, not even at shutdown. For confab-cli, which cannot wait for ever and
    // then says what was not saved; the window never gives up. Resolves once done.
    QFuture<void> abandonWaitingWrites();

    // Runs `work` with the connection on the storage thread, ahead of the queued writes: for
    // maintenance, and for tests that inject faults (e.g. a SQLite size cap). Never blocks.
    QFuture<StorageError> runOnStorageThread(std::function<StorageError(Database &)> work);

Q_SIGNALS:
    void opened();
    void statusChanged();
    void pendingWritesChanged();
    // Another Confab changed these (PostgreSQL LISTEN/NOTIFY); our own writes are not echoed.
    // An empty list means anything may have changed (we were disconnected and missed news).
    void conversationsChanged(const QStringList &conversationIds);
    void messagesChanged(const QString &conversationId, const QStringList &messageIds);
    // How many streaming messages were found orphaned at start-up and marked interrupted.
    void recovered(int messages);
    void recoveryNoticeChanged();

private:
    DatabaseConfig m_config;
    QThread *m_thread;
    StoreWorker *m_worker;
    Status m_status = Status::Opening;
    QString m_statusMessage;
    StorageError m_retryError;
    QString m_movedAsidePath;
    QString m_recoveryNotice;
    QString m_instanceId;
    int m_pendingWrites = 0;
};
