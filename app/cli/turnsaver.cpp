// SPDX-License-Identifier: GPL-3.0-or-later
#include "turnsaver.h"

#include "futurecallback.h"
#include "replypersister.h"
#include "console.h"
#include "conversationstore.h"
#include "messagerecord.h"
#include "chatstream.h"
#include "savefailure.h"

#include <QCoreApplication>
#include <QFuture>
#include <QUuid>

namespace {
QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

TurnSaver::TurnSaver(ConversationStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(retryGrace);
    connect(&m_giveUp, &QTimer::timeout, this, &TurnSaver::giveUp);
}

void TurnSaver::save(const ConversationRecord &conversation, bool isNew, const QString &parentId,
                     const QString &prompt, ChatStream *stream, const QString &model)
{
    const auto record = [this](const StorageError &error) {
        this->note(error, false);
    };
    if (isNew)
        onFinished(m_store->createConversation(conversation), this, record);

    MessageRecord user;
    user.id = newId();
    user.conversationId = conversation.id;
    user.parentId = parentId;
    user.role = MessageRecord::Role::User;
    user.content = prompt;
    user.status = MessageRecord::Status::Complete;
    user.createdAt = user.updatedAt = QDateTime::currentDateTimeUtc();
    onFinished(m_store->saveMessage(user), this, record);

    MessageRecord reply;
    reply.id = newId();
    reply.conversationId = conversation.id;
    reply.parentId = user.id;
    reply.role = MessageRecord::Role::Assistant;
    reply.status = MessageRecord::Status::Streaming;
    reply.model = model;
    reply.createdAt = reply.updatedAt = QDateTime::currentDateTimeUtc();
    auto *persister = new ReplyPersister(m_store, stream, reply, this);
    connect(persister, &ReplyPersister::finished, this, [this](const StorageError &error) {
        note(error, true);
        // Writes run in order, so once this resolves every write above is in (or given up).
        onFinished(m_store->flush(), this, [this] { finishWith(m_error); });
    });
    connect(stream, &ChatStream::done, this, [this] {
        m_streamDone = true;
        onStatusChanged();
    });
    connect(m_store, &ConversationStore::statusChanged, this, &TurnSaver::onStatusChanged);
    onStatusChanged();
}

void TurnSaver::onStatusChanged()
{
    if (m_finished || m_gaveUp)
        return;
    if (m_store->status() != ConversationStore::Status::Retrying) {
        m_giveUp.stop();
        return;
    }
    if (!m_warned) {
        // Once: the store retries quietly, and a script's stderr is not a progress display.
        m_warned = true;
        Console::warning(QCoreApplication::translate("cli", "waiting to save the conversation: %1; giving up "
                                                            "if that lasts %2 s after the reply ends")
                             .arg(SaveFailure::reason(m_store->retryError(), m_store->config()))
                             .arg(retryGrace.count() / 1000));
    }
    if (m_streamDone && !m_giveUp.isActive())
        m_giveUp.start();
}

void TurnSaver::giveUp()
{
    if (m_finished || m_store->status() != ConversationStore::Status::Retrying)
        return;
    m_gaveUp = true;
    // The writes still waiting now resolve with their error and are never made: what is then
    // reported as not saved is not in the history, and what was committed meanwhile counts as
    // saved. Their outcomes come back through the persister and the flush, as always.
    m_store->abandonWaitingWrites();
}

void TurnSaver::finishWith(const StorageError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_giveUp.stop();
    Q_EMIT finished(error);
}

void TurnSaver::note(const StorageError &error, bool reply)
{
    if (error.isError() && !m_error.isError()) {
        m_error = error;
        m_onlyReplyLost = reply;
    }
}
