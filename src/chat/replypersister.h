// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"
#include "storageerror.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class ChatStream;
class ConversationStore;
class ReplyText;

// Saves one streamed assistant reply as it arrives: stored as `streaming` at once, the text
// that came since the last save appended at most every flushInterval, and the whole record
// saved at finish, stop and error, with the final status. Each save while streaming costs what
// it adds, not the length of the reply. The network never waits for the disk: every save is
// queued on the store.
class ReplyPersister : public QObject
{
    Q_OBJECT

public:
    // `message` is the assistant message as first stored (id, conversation, parent, model);
    // `text` is the stream's reply as it grows, and outlives the persister's use of it.
    ReplyPersister(ConversationStore *store, ChatStream *stream, const ReplyText *text, MessageRecord message,
                   QObject *parent = nullptr);

    // A killed process loses at most this, plus the time one queued write takes: well under
    // the half second of reply Confab promises to keep.
    static constexpr std::chrono::milliseconds flushInterval{200};

    // `message` as `stream` ended it, with `text` (the reply's, as ReplyText has it).
    static MessageRecord ended(MessageRecord message, const ChatStream &stream, const QString &text);

    // The record as last saved in full; after the end, the final one.
    const MessageRecord &message() const { return m_message; }

Q_SIGNALS:
    // The final write was committed (or failed for good: then error is set).
    void finished(const StorageError &error);

private:
    void changed();
    void flush();
    void finish();
    QDateTime nextUpdatedAt() const;

    ConversationStore *m_store;
    QPointer<ChatStream> m_stream;
    MessageRecord m_message;
    // The reply so far: the content, or the refusal when there is none. Read, never copied
    // whole while it streams: a copy would make each of its appends copy the whole text.
    const ReplyText *m_text;
    qsizetype m_savedLength = 0; // how much of the text the database has
    quint64 m_savedRewrites = 0; // the text's rewrites() when it was saved
    QDateTime m_savedAt;         // the updated_at of the last write
    QTimer m_flushTimer;
    bool m_dirty = false;
    bool m_finished = false;
};
