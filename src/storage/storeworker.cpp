// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeworker.h"

#include "conversationrepository.h"
#include "database.h"
#include "searchrepository.h"
#include "sentence.h"
#include "storagelogging.h"
#include "writerregistry.h"

#include <QScopeGuard>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

StoreWorker::StoreWorker(DatabaseConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_connection(m_config, m_db)
    , m_retryTimer(this)
    , m_heartbeatTimer(this)
    , m_changes(this)
{
    connect(&m_changes, &ChangeListener::conversationsChanged, this, &StoreWorker::conversationsChanged);
    connect(&m_changes, &ChangeListener::messagesChanged, this, &StoreWorker::messagesChanged);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &StoreWorker::retry);
    m_heartbeatTimer.setInterval(heartbeatInterval);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &StoreWorker::heartbeat);
}

StoreWorker::~StoreWorker()
{
    // Normally closed by shutdown(); this is the path for a thread that ended otherwise.
    closeDatabase();
}

void StoreWorker::open()
{
    Q_ASSERT(QThread::currentThread() == thread());
    const StorageError error = tryOpen();
    if (!error.isError()) {
        finishOpen();
        return;
    }
    if (error.isTransient() && !(m_shuttingDown && m_shutdownDeadline.hasExpired())) {
        scheduleRetry(error);
        return;
    }
    fail(error);
}

void StoreWorker::fail(const StorageError &error)
{
    qCWarning(lcStorage) << "cannot open" << m_config.displayName() << ":" << error.message << error.detail;
    if (const int count = m_queue.writeCount(); count > 0)
        qCWarning(lcStorage) << count << "writes fail with it";
    m_failed = true;
    m_openError = error;
    setStatus(Status::Failed, error.message);
    failQueue(error);
}

// Every queued write ends with `error`, every flush is answered: nothing waits any more.
void StoreWorker::failQueue(const StorageError &error)
{
    m_queue.failAll(error);
    reportPending();
    if (m_shuttingDown)
        finishShutdown();
}

StorageError StoreWorker::tryOpen()
{
    if (!m_db)
        m_db = std::make_unique<Database>(m_config);
    const StorageError error = m_db->open();
    if (error.isError())
        m_db->close();
    return error;
}

void StoreWorker::finishOpen()
{
    m_conversations = std::make_unique<ConversationRepository>(*m_db);
    m_search = std::make_unique<SearchRepository>(*m_db);
    m_registry = std::make_unique<WriterRegistry>(*m_db);
    m_open = true;
    m_blocked = false;
    m_readOnly = m_db->isReadOnly();
    resetBackoff();

    // Read only: no instance to register, nothing to recover (both are writes).
    StorageResult<int> orphans;
    if (!m_readOnly) {
        const StorageResult<QString> instance = m_registry->registerInstance();
        if (instance.ok())
            m_instanceId = instance.value;
        else // tried again at each heartbeat; until then our streams count as orphans elsewhere
            qCWarning(lcStorage) << "cannot register this instance:" << instance.error.message
                                 << instance.error.detail;

        orphans = m_registry->recoverOrphans();
        if (!orphans.ok())
            qCWarning(lcStorage) << "crash recovery failed:" << orphans.error.message << orphans.error.detail;
        else if (orphans.value > 0)
            qCInfo(lcStorage) << "marked" << orphans.value << "orphaned streaming messages interrupted";
        m_heartbeatTimer.start();
    }

    listen();
    if (m_db->dialect() == Database::Dialect::Sqlite)
        m_changes.watchSqlite(m_db.get());
    qCInfo(lcStorage) << "opened" << m_config.displayName();
    Q_EMIT opened(m_instanceId, m_db->movedAsidePath());
    if (const std::optional<RecoveryNotice> notice = m_db->recoveryNotice())
        Q_EMIT recoveryNoticeChanged(notice->message());
    if (!m_readOnly && orphans.ok())
        Q_EMIT recovered(orphans.value);
    if (m_readOnly)
        setStatus(Status::ReadOnly, asSentence(m_db->readOnlyReason().message));
    else
        setStatus(Status::Ready);
    pump();
}

StorageError StoreWorker::reconnect()
{
    m_changes.detach();
    if (const StorageError error = m_db->reconnect(); error.isError()) {
        m_db->close();
        return error;
    }
    qCInfo(lcStorage) << "reconnected to" << m_config.displayName();
    m_connection.reconnected();
    listen();
    if (m_instanceId.isEmpty())
        heartbeat();
    return {};
}

void StoreWorker::shutdown()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_shuttingDown = true;
    m_shutdownDeadline = QDeadlineTimer(shutdownGrace);
    m_heartbeatTimer.stop();
    m_changes.stop();
    // Nothing left to save: do not keep retrying an unreachable server just to say goodbye.
    if (m_failed || m_queue.empty()) {
        finishShutdown();
        return;
    }
    if (m_blocked) {
        // Try again at once, then within the grace period only.
        m_retryTimer.start(0);
        return;
    }
    if (m_open)
        pump();
}

void StoreWorker::enqueueWrite(Work work, Resolve resolve)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_failed) {
        resolve(m_openError);
        return;
    }
    if (m_readOnly) {
        resolve(m_db->readOnlyReason());
        return;
    }
    m_queue.pushWrite(std::move(work), std::move(resolve));
    reportPending();
    pump();
}

void StoreWorker::enqueueFlush(std::function<void()> resolve)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_failed || m_queue.empty()) {
        resolve();
        return;
    }
    m_queue.pushFlush(std::move(resolve));
}

void StoreWorker::abandonWaitingWrites()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_blocked)
        return; // nothing waits: the queue is empty, or runs
    const StorageError error = m_blockingError;
    const int count = m_queue.writeCount();
    if (count > 0)
        qCWarning(lcStorage) << "abandoning" << count << "writes:" << error.message << error.detail;
    failQueue(error);
}

void StoreWorker::runRead(const std::function<void(const StorageError &)> &read)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_failed) {
        read(m_openError);
        return;
    }
    if (!m_open) { // still opening: the first attempt failed and is being retried
        read(m_blockingError);
        return;
    }
    if (m_connection.needsReconnect()) {
        // The writes' retries own the reconnecting; a reader gets their error at once.
        if (m_blocked) {
            read(m_blockingError);
            return;
        }
        if (const StorageError error = reconnect(); error.isError()) {
            read(error);
            return;
        }
    }
    // A write held back by a full disk or a lock does not stop reading what is there.
    read({});
    listen();
}

StorageError StoreWorker::runNow(const std::function<StorageError(Database &)> &work)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_db || !m_db->isOpen())
        return m_failed ? m_openError
                        : StorageError{StorageError::Kind::Unavailable, tr("The database is not open."), {}};
    return work(*m_db);
}

StorageError StoreWorker::dismissRecoveryNotice()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_config.backend != DatabaseConfig::Backend::Sqlite)
        return {};
    if (!RecoveryNotice::dismiss(m_config.sqlitePath)) {
        return {StorageError::Kind::ReadOnly,
                tr("cannot remove %1: make its folder writable, or delete the file yourself")
                    .arg(RecoveryNotice::fileFor(m_config.sqlitePath)),
                {}};
    }
    Q_EMIT recoveryNoticeChanged({});
    return {};
}

void StoreWorker::pump()
{
    if (!m_open || m_blocked)
        return;
    const bool giveUp = m_shuttingDown && m_shutdownDeadline.hasExpired();
    const auto relisten = qScopeGuard([this] { listen(); });
    for (m_queue.answerFlushesAtHead(); !m_queue.empty(); m_queue.answerFlushesAtHead()) {
        StorageError error;
        if (m_connection.needsReconnect())
            error = reconnect();
        if (!error.isError())
            error = m_connection.lostOr(m_queue.head()(*this));
        if (error.isTransient()) {
            m_connection.noteFailure(error);
            if (!giveUp) {
                scheduleRetry(error);
                return;
            }
            // The writes behind it would wait for the same thing (each reconnecting, perhaps
            // for the connect timeout): the grace period is over for all of them.
            qCWarning(lcStorage) << "giving up on" << m_queue.writeCount()
                                 << "writes at shutdown:" << error.message << error.detail;
            m_queue.failAll(error);
            break;
        } else if (error.isError()) {
            qCWarning(lcStorage) << "a write failed:" << error.message << error.detail;
        }
        m_queue.resolveHead(error);
        if (m_status == Status::Retrying) { // past the write that was held up
            resetBackoff();
            setStatus(Status::Ready);
        }
        reportPending();
    }
    if (m_shuttingDown)
        finishShutdown();
}

void StoreWorker::scheduleRetry(const StorageError &error)
{
    m_blocked = true;
    m_blockingError = error;
    std::chrono::milliseconds delay = m_retryDelay;
    m_retryDelay = std::min(m_retryDelay * 2, maxRetryDelay);
    if (m_shuttingDown)
        delay = std::clamp(std::chrono::milliseconds(m_shutdownDeadline.remainingTime()),
                           std::chrono::milliseconds(0), delay);
    m_retryTimer.start(delay);

    Q_EMIT retryingAfter(error);
    const auto seconds = std::max<qint64>(1, (delay.count() + 999) / 1000);
    qCWarning(lcStorage) << "storage unavailable, retrying in" << delay.count() << "ms:" << error.message
                         << error.detail;
    setStatus(Status::Retrying, tr("Saving is paused: %1 Retrying in %2 s; nothing is lost.")
                                    .arg(asSentence(error.message))
                                    .arg(seconds));
}

void StoreWorker::retry()
{
    m_blocked = false;
    if (m_open)
        pump();
    else
        open();
}

void StoreWorker::setStatus(Status status, const QString &message)
{
    if (status == m_status && message == m_statusMessage)
        return;
    m_status = status;
    m_statusMessage = message;
    Q_EMIT statusChanged(status, message);
}

void StoreWorker::reportPending()
{
    const int count = m_queue.writeCount();
    if (count == m_reportedPending)
        return;
    m_reportedPending = count;
    Q_EMIT pendingWritesChanged(count);
}

void StoreWorker::heartbeat()
{
    if (!m_open || m_blocked || m_shuttingDown || m_readOnly)
        return;
    if (m_connection.needsReconnect()) {
        // Also brings LISTEN back after an outage nobody wrote through.
        if (const StorageError error = reconnect(); error.isError())
            return;
    }
    StorageError error;
    if (m_instanceId.isEmpty()) {
        const StorageResult<QString> instance = m_registry->registerInstance();
        if (instance.ok())
            m_instanceId = instance.value;
        error = instance.error;
    } else {
        error = m_connection.lostOr(m_registry->heartbeat(m_instanceId));
    }
    if (error.isError()) {
        qCWarning(lcStorage) << "heartbeat failed:" << error.message << error.detail;
        m_connection.noteFailure(error);
        return;
    }
    listen();
}

void StoreWorker::listen()
{
    m_changes.listen(m_db.get(), m_instanceId);
}

void StoreWorker::closeDatabase()
{
    m_changes.stop();
    m_changes.detach();
    m_conversations.reset();
    m_search.reset();
    m_registry.reset();
    m_db.reset();
}

void StoreWorker::finishShutdown()
{
    m_changes.stop();
    m_retryTimer.stop();
    m_heartbeatTimer.stop();
    if (m_open && !m_readOnly && !m_connection.needsReconnect() && !m_instanceId.isEmpty()) {
        if (const StorageError error = m_registry->unregisterInstance(m_instanceId); error.isError())
            qCWarning(lcStorage) << "cannot unregister this instance:" << error.message << error.detail;
    }
    m_open = false;
    closeDatabase();
    qCInfo(lcStorage) << "closed" << m_config.displayName();
    thread()->quit();
}
