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

// Saves one streamed assistant reply as it arrives: stored as `streaming` at once, the text
// that came since the last save appended at most every flushInterval, and the whole record
// saved at finish, stop and error, with the final status. Each save while streaming costs what
// it adds, not the length of the reply. The network never waits for the disk: every save is
// queued on the store.
class ReplyPersister : public QObject
{
    Q_OBJECT

public:
    // `message` is the assistant message as first stored (id, conversation, parent, model).
    ReplyPersister(ConversationStore *store, ChatStream *stream, MessageRecord message,
                   QObject *parent = nullptr);

    // A killed process loses at most this, plus the time one queued write takes: well under
    // the half second of reply Confab promises to keep.
    static constexpr std::chrono::milliseconds flushInterval{200};

    // The record as last saved in full; after the end, the final one.
    const MessageRecord &message() const { return m_message; }

Q_SIGNALS:
    // The final write was committed (or failed for good: then error is set).
    void finished(const StorageError &error);

private:
    void onContent(const QString &delta);
    void onRefusal(const QString &delta);
    void onRetrying();
    void changed();
    void flush();
    void finish();
    QDateTime nextUpdatedAt() const;

    ConversationStore *m_store;
    QPointer<ChatStream> m_stream;
    MessageRecord m_message;
    // The reply so far, as it is saved: the content, or the refusal when there is none. Our own
    // copy, built from the deltas: holding a reference to the stream's text would make each of
    // its appends copy the whole text.
    QString m_text;
    bool m_textIsRefusal = false;
    qsizetype m_savedLength = 0; // how much of m_text the database has
    bool m_rewrite = false;      // m_text no longer extends what was saved: save it whole
    QDateTime m_savedAt;         // the updated_at of the last write
    QTimer m_flushTimer;
    bool m_dirty = false;
    bool m_finished = false;
};
