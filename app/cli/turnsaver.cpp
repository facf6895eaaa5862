// SPDX-License-Identifier: GPL-3.0-or-later
#include "turnsaver.h"

#include "chat/futurecallback.h"
#include "chat/replypersister.h"
#include "conversationstore.h"
#include "messagerecord.h"
#include "providers/chatstream.h"

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
    connect(&m_giveUp, &QTimer::timeout, this, [this] {
        finishWith(StorageError{StorageError::Kind::Unavailable, m_store->statusMessage(), {}});
    });
}

void TurnSaver::save(const ConversationRecord &conversation, bool isNew, const QString &parentId,
                     const QString &prompt, ChatStream *stream, const QString &model)
{
    const auto record = [this](const StorageError &error) {
        this->note(error);
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
        note(error);
        // Writes run in order, so once this resolves every write above is in.
        onFinished(m_store->flush(), this, [this] { finishWith(m_error); });
    });
    connect(stream, &ChatStream::done, this, &TurnSaver::watchRetries);
}

void TurnSaver::watchRetries()
{
    const auto check = [this] {
        if (m_store->status() == ConversationStore::Status::Retrying) {
            if (!m_giveUp.isActive())
                m_giveUp.start();
        } else {
            m_giveUp.stop();
        }
    };
    connect(m_store, &ConversationStore::statusChanged, this, check);
    check();
}

void TurnSaver::finishWith(const StorageError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_giveUp.stop();
    Q_EMIT finished(error);
}

void TurnSaver::note(const StorageError &error)
{
    if (error.isError() && !m_error.isError())
        m_error = error;
}
