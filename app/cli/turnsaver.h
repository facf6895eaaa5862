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
// finished() comes once every write has been committed, or has failed for good, or has been
// given up: then the error says so, and nothing of it is written later.
class TurnSaver : public QObject
{
    Q_OBJECT

public:
    explicit TurnSaver(ConversationStore *store, QObject *parent = nullptr);

    // `parentId`: the message the prompt follows (the conversation's current leaf), or empty.
    void save(const ConversationRecord &conversation, bool isNew, const QString &parentId,
              const QString &prompt, ChatStream *stream, const QString &model);

    // How long the writes may wait on a database that is away, locked or full once the reply is
    // done, before they are given up: a script should not hang on a server that is gone.
    static constexpr std::chrono::milliseconds retryGrace{5000};

    // Whether the writes were given up after waiting retryGrace (finished() then has the error).
    bool gaveUp() const { return m_gaveUp; }
    // Whether the conversation and the question were saved and only the reply's writes failed
    // (the history then has the reply as it was last saved while it streamed).
    bool onlyReplyLost() const { return m_onlyReplyLost; }

Q_SIGNALS:
    // `error` is the first write that failed, or none.
    void finished(const StorageError &error);

private:
    void note(const StorageError &error, bool reply);
    void onStatusChanged();
    void giveUp();
    void finishWith(const StorageError &error);

    ConversationStore *m_store;
    StorageError m_error;
    QTimer m_giveUp;
    bool m_streamDone = false;
    bool m_warned = false;
    bool m_gaveUp = false;
    bool m_onlyReplyLost = false;
    bool m_finished = false;
};
