// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationstore.h"

#include "conversationrepository.h"
#include "searchrepository.h"
#include "storeworker.h"

#include <QPromise>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Posts `query` to the storage thread; its result fulfils the returned future there.
template<typename T, typename Query> QFuture<StorageResult<T>> postRead(StoreWorker *worker, Query query)
{
    auto promise = std::make_shared<QPromise<StorageResult<T>>>();
    promise->start();
    QFuture<StorageResult<T>> future = promise->future();
    QMetaObject::invokeMethod(
        worker,
        [worker, promise, query = std::move(query)] {
            worker->runRead([&](const StorageError &blocked) {
                StorageResult<T> result;
                if (blocked.isError())
                    result.error = blocked;
                else
                    result = query(*worker);
                promise->addResult(std::move(result));
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

// Posts `work` to the end of the storage thread's write queue.
QFuture<StorageError> postWrite(StoreWorker *worker, StoreWorker::Work work)
{
    auto promise = std::make_shared<QPromise<StorageError>>();
    promise->start();
    QFuture<StorageError> future = promise->future();
    QMetaObject::invokeMethod(
        worker,
        [worker, promise, work = std::move(work)]() mutable {
            worker->enqueueWrite(std::move(work), [promise](const StorageError &error) {
                promise->addResult(error);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

} // namespace

ConversationStore::ConversationStore(DatabaseConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_thread(new QThread(this))
    , m_worker(new StoreWorker(m_config))
{
    m_thread->setObjectName(u"confab-storage"_s);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // The worker's signals arrive queued, so these members change on our thread only.
    connect(m_worker, &StoreWorker::opened, this,
            [this](const QString &instanceId, const QString &movedAsidePath) {
                m_instanceId = instanceId;
                m_movedAsidePath = movedAsidePath;
                Q_EMIT opened();
            });
    connect(m_worker, &StoreWorker::statusChanged, this, [this](Status status, const QString &message) {
        if (status == m_status && message == m_statusMessage)
            return;
        m_status = status;
        m_statusMessage = message;
        Q_EMIT statusChanged();
    });
    connect(m_worker, &StoreWorker::retryingAfter, this,
            [this](const StorageError &error) { m_retryError = error; });
    connect(m_worker, &StoreWorker::pendingWritesChanged, this, [this](int count) {
        if (count == m_pendingWrites)
            return;
        m_pendingWrites = count;
        Q_EMIT pendingWritesChanged();
    });
    connect(m_worker, &StoreWorker::recovered, this, &ConversationStore::recovered);
    connect(m_worker, &StoreWorker::recoveryNoticeChanged, this, [this](const QString &message) {
        if (message == m_recoveryNotice)
            return;
        m_recoveryNotice = message;
        Q_EMIT recoveryNoticeChanged();
    });
    connect(m_worker, &StoreWorker::conversationsChanged, this, &ConversationStore::conversationsChanged);
    connect(m_worker, &StoreWorker::messagesChanged, this, &ConversationStore::messagesChanged);

    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &StoreWorker::open, Qt::QueuedConnection);
}

ConversationStore::~ConversationStore()
{
    QMetaObject::invokeMethod(m_worker, &StoreWorker::shutdown, Qt::QueuedConnection);
    // The one wait there is: joining the storage thread at shutdown, so that the queued writes
    // land (bounded by StoreWorker::shutdownGrace for a write that keeps failing).
    m_thread->wait();
}

QFuture<StorageResult<QList<ConversationRecord>>>
ConversationStore::listConversations(const ConversationQuery &query)
{
    return postRead<QList<ConversationRecord>>(
        m_worker, [query](StoreWorker &worker) { return worker.conversations().listConversations(query); });
}

QFuture<StorageResult<ConversationRecord>> ConversationStore::conversation(const QString &id)
{
    return postRead<ConversationRecord>(
        m_worker, [id](StoreWorker &worker) { return worker.conversations().conversation(id); });
}

QFuture<StorageResult<QList<MessageRecord>>> ConversationStore::branch(const QString &conversationId,
                                                                       const QString &beforeId, int limit)
{
    return postRead<QList<MessageRecord>>(m_worker, [conversationId, beforeId, limit](StoreWorker &worker) {
        return worker.conversations().branch(conversationId, beforeId, limit);
    });
}

QFuture<StorageResult<QList<MessageRecord>>> ConversationStore::fullBranch(const QString &conversationId)
{
    return postRead<QList<MessageRecord>>(m_worker, [conversationId](StoreWorker &worker) {
        return worker.conversations().fullBranch(conversationId);
    });
}

QFuture<StorageResult<QList<MessageRecord>>> ConversationStore::siblings(const QString &messageId)
{
    return postRead<QList<MessageRecord>>(
        m_worker, [messageId](StoreWorker &worker) { return worker.conversations().siblings(messageId); });
}

QFuture<StorageResult<QList<BranchPosition>>>
ConversationStore::branchPositions(const QStringList &messageIds)
{
    return postRead<QList<BranchPosition>>(m_worker, [messageIds](StoreWorker &worker) {
        return worker.conversations().branchPositions(messageIds);
    });
}

QFuture<StorageResult<QString>> ConversationStore::latestLeafUnder(const QString &messageId)
{
    return postRead<QString>(m_worker, [messageId](StoreWorker &worker) {
        return worker.conversations().latestLeafUnder(messageId);
    });
}

QFuture<StorageResult<QList<SearchHit>>> ConversationStore::search(const QString &text, int limit, int offset)
{
    return postRead<QList<SearchHit>>(m_worker, [text, limit, offset](StoreWorker &worker) {
        return worker.searches().search(text, limit, offset);
    });
}

QFuture<StorageError> ConversationStore::createConversation(const ConversationRecord &conversation)
{
    return postWrite(m_worker, [conversation](StoreWorker &worker) {
        return worker.conversations().createConversation(conversation);
    });
}

QFuture<StorageError> ConversationStore::updateConversation(const ConversationChange &change)
{
    return postWrite(m_worker, [change](StoreWorker &worker) {
        return worker.conversations().updateConversation(change);
    });
}

QFuture<StorageError> ConversationStore::saveConversation(const ConversationRecord &conversation)
{
    return postWrite(m_worker, [conversation](StoreWorker &worker) {
        return worker.conversations().saveConversation(conversation);
    });
}

QFuture<StorageError> ConversationStore::deleteConversation(const QString &id)
{
    return postWrite(m_worker,
                     [id](StoreWorker &worker) { return worker.conversations().deleteConversation(id); });
}

QFuture<StorageError> ConversationStore::saveMessage(const MessageRecord &message, bool makeCurrent)
{
    return postWrite(m_worker, [message, makeCurrent](StoreWorker &worker) {
        // A stream started before the store had opened could not know our id yet.
        if (message.status == MessageRecord::Status::Streaming && message.writerId.isEmpty()) {
            MessageRecord named = message;
            named.writerId = worker.instanceId();
            return worker.conversations().saveMessage(named, makeCurrent);
        }
        return worker.conversations().saveMessage(message, makeCurrent);
    });
}

QFuture<StorageError> ConversationStore::appendStreamingText(const QString &messageId, const QString &tail,
                                                             const QDateTime &previousUpdatedAt,
                                                             const QDateTime &updatedAt)
{
    return postWrite(m_worker, [messageId, tail, previousUpdatedAt, updatedAt](StoreWorker &worker) {
        return worker.conversations().appendStreamingText(messageId, tail, previousUpdatedAt, updatedAt);
    });
}

QFuture<StorageError> ConversationStore::appendStreamingPart(const QString &messageId, int position,
                                                             MessagePart::Type type, const QString &tail,
                                                             const QDateTime &previousUpdatedAt,
                                                             const QDateTime &updatedAt)
{
    return postWrite(m_worker,
                     [messageId, position, type, tail, previousUpdatedAt, updatedAt](StoreWorker &worker) {
                         return worker.conversations().appendStreamingPart(messageId, position, type, tail,
                                                                           previousUpdatedAt, updatedAt);
                     });
}

QFuture<StorageError> ConversationStore::setCurrentLeaf(const QString &conversationId,
                                                        const QString &messageId)
{
    return postWrite(m_worker, [conversationId, messageId](StoreWorker &worker) {
        return worker.conversations().setCurrentLeaf(conversationId, messageId);
    });
}

QFuture<StorageError> ConversationStore::dismissRecoveryNotice()
{
    auto promise = std::make_shared<QPromise<StorageError>>();
    promise->start();
    QFuture<StorageError> future = promise->future();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, promise] {
            promise->addResult(worker->dismissRecoveryNotice());
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<void> ConversationStore::flush()
{
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    QFuture<void> future = promise->future();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, promise] { worker->enqueueFlush([promise] { promise->finish(); }); },
        Qt::QueuedConnection);
    return future;
}

QFuture<void> ConversationStore::abandonWaitingWrites()
{
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    QFuture<void> future = promise->future();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, promise] {
            worker->abandonWaitingWrites();
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<StorageError> ConversationStore::runOnStorageThread(std::function<StorageError(Database &)> work)
{
    auto promise = std::make_shared<QPromise<StorageError>>();
    promise->start();
    QFuture<StorageError> future = promise->future();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, promise, work = std::move(work)] {
            promise->addResult(worker->runNow(work));
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}
