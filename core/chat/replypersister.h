// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"
#include "storageerror.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class ChatStream;
class ConversationStore;

// Saves one streamed assistant reply as it arrives: stored as `streaming` at once, its text
// flushed at most every 500 ms, and always at finish, stop and error, with the final status.
// The network never waits for the disk: every save is queued on the store.
class ReplyPersister : public QObject
{
    Q_OBJECT

public:
    // `message` is the assistant message as first stored (id, conversation, parent, model).
    ReplyPersister(ConversationStore *store, ChatStream *stream, MessageRecord message,
                   QObject *parent = nullptr);

    static constexpr std::chrono::milliseconds flushInterval{500};

    const MessageRecord &message() const { return m_message; }

Q_SIGNALS:
    // The final write was committed (or failed for good: then error is set).
    void finished(const StorageError &error);

private:
    void onDelta();
    void flush();
    void finish();

    ConversationStore *m_store;
    QPointer<ChatStream> m_stream;
    MessageRecord m_message;
    QTimer m_flushTimer;
    bool m_dirty = false;
    bool m_finished = false;
};
