// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "storageerror.h"

#include <QObject>
#include <QTimer>

#include <chrono>

class ChatStream;
class ConversationStore;

// Saves one exchange of `ask` as the app does, after the request has left: the conversation
// (when new), the user's message, then the reply as it streams (through ReplyPersister).
// finished() comes once every write has been committed, or has failed for good.
class TurnSaver : public QObject
{
    Q_OBJECT

public:
    explicit TurnSaver(ConversationStore *store, QObject *parent = nullptr);

    // `parentId`: the message the prompt follows (the conversation's current leaf), or empty.
    void save(const ConversationRecord &conversation, bool isNew, const QString &parentId,
              const QString &prompt, ChatStream *stream, const QString &model);

    // How long the writes may wait on a database that is away once the reply is done, before
    // finished() reports them lost: a script should not hang on a server that is gone.
    static constexpr std::chrono::milliseconds retryGrace{5000};

Q_SIGNALS:
    // `error` is the first write that failed, or none.
    void finished(const StorageError &error);

private:
    void note(const StorageError &error);
    void watchRetries();
    void finishWith(const StorageError &error);

    ConversationStore *m_store;
    StorageError m_error;
    QTimer m_giveUp;
    bool m_finished = false;
};
