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
class ReplyReasoning;
class ReplyText;
class ReplyTiming;

// Saves one streamed assistant reply as it arrives: stored as `streaming` at once, the
// thinking and the text that came since the last save appended to their parts (the thinking at
// 0 and the text at 1, or the text alone at 0) at most every flushInterval, and the whole
// record, with its parts, saved at finish, stop and error, with the final status. Each save
// while streaming costs what it adds, not the length of the reply. The network never waits for
// the disk: every save is queued on the store.
class ReplyPersister : public QObject
{
    Q_OBJECT

public:
    // The parts of a reply that grow as it streams, read by the persister: they outlive its use
    // of them.
    struct Sources
    {
        const ReplyText *text;           // the answer (or the refusal)
        const ReplyReasoning *reasoning; // the thinking
        const ReplyTiming *timing;       // what the client measured
    };

    // `message` is the assistant message as first stored (id, conversation, parent, model).
    ReplyPersister(ConversationStore *store, ChatStream *stream, Sources sources, MessageRecord message,
                   QObject *parent = nullptr);

    // A killed process loses at most this, plus the time one queued write takes: well under
    // the half second of reply Confab promises to keep.
    static constexpr std::chrono::milliseconds flushInterval{200};

    // `message` as `stream` ended it, with its parts from `sources`: the thinking, then the text.
    // A stream that completed with thinking and no answer ends in an error that says so.
    static MessageRecord ended(MessageRecord message, const ChatStream &stream, const Sources &sources);
    // The reply's parts as they stand: ReplyReasoning::parts, then the text when there is some.
    static QList<MessagePart> parts(const Sources &sources, const ChatStream *stream);

    // The record as last saved in full; after the end, the final one.
    const MessageRecord &message() const { return m_message; }

Q_SIGNALS:
    // The final write was committed (or failed for good: then error is set).
    void finished(const StorageError &error);

private:
    void changed();
    void flush();
    // Saves the record whole with the parts as they stand (the layout of the parts changed).
    void saveWhole(const QDateTime &updatedAt);
    // Appends `tail` to part `position`; false when there is nothing to append.
    void appendTail(int position, MessagePart::Type type, const QString &whole, qsizetype &savedLength);
    void finish();
    QDateTime nextUpdatedAt() const;

    ConversationStore *m_store;
    QPointer<ChatStream> m_stream;
    MessageRecord m_message;
    // The reply so far: the content (or the refusal when there is none) and the thinking. Read,
    // never copied whole while it streams: a copy would make each of its appends copy it whole.
    Sources m_sources;
    qsizetype m_savedLength = 0;          // how much of the text the database has
    qsizetype m_savedReasoningLength = 0; // how much of the thinking
    int m_textPosition = -1;              // where the database has the text part; -1: nowhere yet
    quint64 m_savedRewrites = 0;          // the text's rewrites() when it was saved
    QDateTime m_savedAt;                  // the updated_at of the last write
    QTimer m_flushTimer;
    bool m_dirty = false;
    bool m_finished = false;
};
