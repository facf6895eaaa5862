// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeworker.h"

#include "conversationrepository.h"
#include "database.h"
#include "searchrepository.h"
#include "storagelogging.h"
#include "writerregistry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using Status = ConversationStore::Status;

namespace {

const QString notificationChannel = u"confab_changes"_s;

// How long several notifications are gathered into one signal: a streaming reply on another
// machine saves five times a second, a bulk change touches many rows at once.
constexpr std::chrono::milliseconds changeCoalescing{100};

QString sentence(QString text)
{
    text = text.trimmed();
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.isEmpty() && !text.endsWith(u'.') && !text.endsWith(u'!') && !text.endsWith(u'?'))
        text += u'.';
    return text;
}

} // namespace

StoreWorker::StoreWorker(DatabaseConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_retryTimer(this)
    , m_heartbeatTimer(this)
    , m_changeTimer(this)
    , m_sqliteWatcher(this)
{
    // Reported as PostgreSQL's notifications are: gathered, then one signal per kind.
    connect(&m_sqliteWatcher, &SqliteWatcher::changed, this, [this](const QStringList &ids, bool everything) {
        for (const QString &id : ids)
            m_changedConversations.insert(id);
        m_changedEverything = m_changedEverything || everything;
        if (!m_changeTimer.isActive())
            m_changeTimer.start();
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &StoreWorker::retry);
    m_heartbeatTimer.setInterval(heartbeatInterval);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &StoreWorker::heartbeat);
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(changeCoalescing);
    connect(&m_changeTimer, &QTimer::timeout, this, &StoreWorker::emitChanges);
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
    if (const int count = pendingWriteCount(); count > 0)
        qCWarning(lcStorage) << count << "writes fail with it";
    m_failed = true;
    m_openError = error;
    setStatus(Status::Failed, error.message);
    failQueue(error);
}

// Every queued write ends with `error`, every flush is answered: nothing waits any more.
void StoreWorker::failQueue(const StorageError &error)
{
    while (!m_queue.empty()) {
        Pending pending = std::move(m_queue.front());
        m_queue.pop_front();
        if (pending.work)
            pending.resolve(error);
        else
            pending.flushed();
    }
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
        m_sqliteWatcher.start(m_db.get());
    qCInfo(lcStorage) << "opened" << m_config.displayName();
    Q_EMIT opened(m_instanceId, m_db->movedAsidePath());
    if (const std::optional<RecoveryNotice> notice = m_db->recoveryNotice())
        Q_EMIT recoveryNoticeChanged(notice->message());
    if (!m_readOnly && orphans.ok())
        Q_EMIT recovered(orphans.value);
    if (m_readOnly)
        setStatus(Status::ReadOnly, sentence(m_db->readOnlyReason().message));
    else
        setStatus(Status::Ready);
    pump();
}

StorageError StoreWorker::reconnect()
{
    QObject::disconnect(m_notificationConnection);
    if (const StorageError error = m_db->reconnect(); error.isError()) {
        m_db->close();
        return error;
    }
    qCInfo(lcStorage) << "reconnected to" << m_config.displayName();
    m_disconnected = false;
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
    m_changeTimer.stop();
    m_sqliteWatcher.stop();
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
    m_queue.push_back(Pending{std::move(work), std::move(resolve), {}});
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
    m_queue.push_back(Pending{{}, {}, std::move(resolve)});
}

void StoreWorker::abandonWaitingWrites()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_blocked)
        return; // nothing waits: the queue is empty, or runs
    const StorageError error = m_blockingError;
    const int count = pendingWriteCount();
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
    if (m_disconnected || connectionDown()) {
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
    while (!m_queue.empty()) {
        if (!m_queue.front().work) {
            auto flushed = std::move(m_queue.front().flushed);
            m_queue.pop_front();
            flushed();
            continue;
        }
        StorageError error;
        if (m_disconnected || connectionDown())
            error = reconnect();
        if (!error.isError())
            error = lostOr(m_queue.front().work(*this));
        if (error.isTransient()) {
            if (connectionLost(error))
                m_disconnected = true;
            if (!giveUp) {
                scheduleRetry(error);
                return;
            }
            // The writes behind it would wait for the same thing (each reconnecting, perhaps
            // for the connect timeout): the grace period is over for all of them.
            qCWarning(lcStorage) << "giving up on" << pendingWriteCount()
                                 << "writes at shutdown:" << error.message << error.detail;
            while (!m_queue.empty()) {
                Pending abandoned = std::move(m_queue.front());
                m_queue.pop_front();
                if (abandoned.work)
                    abandoned.resolve(error);
                else
                    abandoned.flushed();
            }
            break;
        } else if (error.isError()) {
            qCWarning(lcStorage) << "a write failed:" << error.message << error.detail;
        }
        Pending done = std::move(m_queue.front());
        m_queue.pop_front();
        done.resolve(error);
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
                                    .arg(sentence(error.message))
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

void StoreWorker::resetBackoff()
{
    m_retryDelay = firstRetryDelay;
}

bool StoreWorker::connectionLost(const StorageError &error) const
{
    return error.kind == StorageError::Kind::Unavailable;
}

bool StoreWorker::connectionDown() const
{
    // libpq notices a server that went away (QPSQL's notifier reads the socket), and the
    // driver then refuses to start a transaction without saying why: ask it first.
    return m_db && m_db->dialect() == Database::Dialect::Postgres && !m_db->isOpen();
}

StorageError StoreWorker::lostOr(StorageError error) const
{
    if (error.isError() && !error.isTransient() && connectionDown()) {
        qCDebug(lcStorage) << "the connection is gone; taking this for a lost connection:" << error.message;
        const QString host = m_config.host.isEmpty() ? u"localhost"_s : m_config.host;
        error.kind = StorageError::Kind::Unavailable;
        error.message =
            tr("the connection to the PostgreSQL server at %1:%2 is lost; check that it is running "
               "and reachable (the write is kept and retried)")
                .arg(host)
                .arg(m_config.port);
    }
    return error;
}

void StoreWorker::setStatus(Status status, const QString &message)
{
    if (status == m_status && message == m_statusMessage)
        return;
    m_status = status;
    m_statusMessage = message;
    Q_EMIT statusChanged(status, message);
}

int StoreWorker::pendingWriteCount() const
{
    return int(std::count_if(m_queue.begin(), m_queue.end(), [](const Pending &p) { return bool(p.work); }));
}

void StoreWorker::reportPending()
{
    const int count = pendingWriteCount();
    if (count == m_reportedPending)
        return;
    m_reportedPending = count;
    Q_EMIT pendingWritesChanged(count);
}

void StoreWorker::heartbeat()
{
    if (!m_open || m_blocked || m_shuttingDown || m_readOnly)
        return;
    if (m_disconnected || connectionDown()) {
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
        error = lostOr(m_registry->heartbeat(m_instanceId));
    }
    if (error.isError()) {
        qCWarning(lcStorage) << "heartbeat failed:" << error.message << error.detail;
        if (connectionLost(error))
            m_disconnected = true;
        return;
    }
    listen();
}

void StoreWorker::listen()
{
    if (!m_db || m_db->dialect() != Database::Dialect::Postgres || !m_db->isOpen())
        return;
    QSqlDatabase connection = m_db->connection();
    QSqlDriver *driver = connection.driver();
    if (driver == m_listeningDriver && driver->subscribedToNotifications().contains(notificationChannel))
        return;
    // A new connection (ours, or Database's own after it found the old one lost): news sent
    // in between was not heard, so the views reload whatever they show.
    const bool missedNews = !m_listeningDriver.isNull() || m_listenedBefore;
    QObject::disconnect(m_notificationConnection);
    m_listeningDriver = driver;
    m_listenedBefore = true;
    if (!m_instanceId.isEmpty()) {
        // Names us as the writer in the change notifications this session causes.
        QSqlQuery query(connection);
        query.prepare(u"SELECT set_config('confab.writer', ?, false)"_s);
        query.addBindValue(m_instanceId);
        if (!query.exec())
            qCWarning(lcStorage) << "cannot name this writer:" << query.lastError().text();
    }
    if (!driver->subscribeToNotification(notificationChannel)) {
        qCWarning(lcStorage) << "cannot listen for other clients' changes:" << driver->lastError().text();
        return;
    }
    m_notificationConnection = connect(driver, &QSqlDriver::notification, this, &StoreWorker::onNotification);
    if (missedNews) {
        m_changedEverything = true;
        if (!m_changeTimer.isActive())
            m_changeTimer.start();
    }
}

void StoreWorker::onNotification(const QString &name, QSqlDriver::NotificationSource source,
                                 const QVariant &payload)
{
    // Our writes all go through this one connection, and the driver knows the backend that
    // sent each notification: that tells our echo apart exactly. ("writer" in the payload is
    // not used for it: a message's writer_id stays ours when another Confab's recovery marks
    // it interrupted, and that change we must hear.)
    if (name != notificationChannel || source == QSqlDriver::SelfSource)
        return;
    const QJsonObject change = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
    const QString table = change.value(u"table"_s).toString();
    const QString id = change.value(u"id"_s).toString();
    const QString conversationId = change.value(u"conversation_id"_s).toString();
    if (table == u"conversations" && !id.isEmpty()) {
        m_changedConversations.insert(id);
    } else if (table == u"messages" && !conversationId.isEmpty()) {
        m_changedConversations.insert(conversationId); // its updated_at and leaf move too
        if (!id.isEmpty())
            m_changedMessages[conversationId].insert(id);
    } else {
        qCDebug(lcStorage) << "ignoring a change notification:" << payload;
        return;
    }
    if (!m_changeTimer.isActive())
        m_changeTimer.start();
}

void StoreWorker::emitChanges()
{
    if (m_changedEverything) {
        m_changedEverything = false;
        Q_EMIT conversationsChanged({});
    }
    if (!m_changedConversations.isEmpty())
        Q_EMIT conversationsChanged(
            QStringList(m_changedConversations.begin(), m_changedConversations.end()));
    for (auto it = m_changedMessages.cbegin(); it != m_changedMessages.cend(); ++it)
        Q_EMIT messagesChanged(it.key(), QStringList(it.value().begin(), it.value().end()));
    m_changedConversations.clear();
    m_changedMessages.clear();
}

void StoreWorker::closeDatabase()
{
    m_sqliteWatcher.stop();
    QObject::disconnect(m_notificationConnection);
    m_conversations.reset();
    m_search.reset();
    m_registry.reset();
    m_db.reset();
}

void StoreWorker::finishShutdown()
{
    m_sqliteWatcher.stop();
    m_retryTimer.stop();
    m_heartbeatTimer.stop();
    m_changeTimer.stop();
    if (m_open && !m_readOnly && !m_disconnected && !connectionDown() && !m_instanceId.isEmpty()) {
        if (const StorageError error = m_registry->unregisterInstance(m_instanceId); error.isError())
            qCWarning(lcStorage) << "cannot unregister this instance:" << error.message << error.detail;
    }
    m_open = false;
    closeDatabase();
    qCInfo(lcStorage) << "closed" << m_config.displayName();
    thread()->quit();
}
