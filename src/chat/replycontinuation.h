// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"
#include "storageerror.h"

#include <QList>
#include <QObject>

class ChatStream;
class ConversationStore;
class ReplyReasoning;

// Continues a reply that was cut short at its token limit, in the same message: the request
// carries the branch up to the reply, then a short instruction to go on; what comes back is
// appended to the reply's text part (its other parts stay as they were), and the message is
// saved once the continuation has ended. Whatever happens to the continuation, the text the
// reply had is kept.
class ReplyContinuation : public QObject
{
    Q_OBJECT

public:
    // The branch up to and with the reply, oldest first, and the instruction after it.
    static QList<MessageRecord> requestContext(QList<MessageRecord> branch, const MessageRecord &reply);

    // The thinking of the continued `reply` as it grows with `stream`: what the reply had, then
    // what the continuation thinks, if it does.
    static ReplyReasoning *reasoning(ChatStream *stream, const MessageRecord &reply, QObject *parent);

    ReplyContinuation(ConversationStore *store, MessageRecord reply, QObject *parent = nullptr);

    const MessageRecord &original() const { return m_reply; }
    // The reply with what `stream` added to it (its text, and `reasoning` when it grew), as it
    // stands now.
    MessageRecord merged(const ChatStream &stream, const ReplyReasoning &reasoning) const;
    // The stream has ended: the merged reply is saved when anything changed, then finished().
    void finish(const ChatStream &stream, const ReplyReasoning &reasoning);

Q_SIGNALS:
    void finished(const MessageRecord &message, const StorageError &failed);

private:
    ConversationStore *m_store;
    MessageRecord m_reply; // as it was before the continuation
};
