// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "providererror.h"
#include "storageerror.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <optional>

class ChatStream;
class ConversationStore;
class PersistGate;
class ReplyContinuation;
class ReplyPersister;
class ReplyReasoning;
class ReplyText;
class ReplyTiming;

// One exchange with a model, as the window and `confab-cli ask` both run it. The request has
// left when it starts; the reply streams into one message. Once the stream has answered
// (PersistGate), the new messages before the reply are written (a new conversation first),
// then the reply as it streams (ReplyPersister). A continued reply (ReplyContinuation) is
// written once, when it ends. What happens is told through signals: the window's rows and the
// CLI's printer are views of it.
class Exchange : public QObject
{
    Q_OBJECT

public:
    struct Plan
    {
        // A new reply (id, conversation, parent, model), or, to continue one, the reply as it
        // stands: its text is kept before what streams.
        MessageRecord reply;
        bool continuation = false;
        // Asked when the writes go: the conversation to create first, when it is new.
        std::function<std::optional<ConversationRecord>()> conversation;
        // Written before the reply and made current, in this order (a greeting, the question).
        QList<MessageRecord> messages;
    };

    // Takes `stream`, just made for the request. `store` null: nothing is written.
    Exchange(ConversationStore *store, ChatStream *stream, Plan plan, QObject *parent = nullptr);
    ~Exchange() override;

    QString messageId() const { return m_plan.reply.id; }
    QString conversationId() const { return m_plan.reply.conversationId; }
    bool isContinuation() const { return m_plan.continuation; }
    ChatStream *stream() const;
    bool isActive() const;
    // The request has not been answered yet.
    bool isConnecting() const;
    // The reply's text so far, a continued reply's included.
    const QString &text() const;
    // The reply's thinking so far (kept apart from its text), a continued reply's included.
    const QString &reasoning() const;

    void cancel();
    // Its owner is going away: the writes still held go now, the reply is saved as interrupted
    // with its text, and the exchange stays with `keeper` until its last write is done.
    void abandon(QObject *keeper);

Q_SIGNALS:
    // The server answered: the reply is streaming.
    void started();
    // `delta` joined the reply's thinking (shown apart from its text, before it).
    void reasoningAppended(const QString &delta);
    // The thinking is over (the answer began, or the stream ended while thinking) after
    // `durationMs`, as the client measured it.
    void thinkingEnded(qint64 durationMs);
    // `delta` joined the reply's text.
    void appended(const QString &delta);
    // The reply's text no longer extends what it was (the stream started over, or content
    // replaced a refusal): text() has it whole.
    void rewritten();
    void retrying(int attempt, std::chrono::milliseconds delay, const ProviderError &cause);
    // The stream is over: the reply as it ended (text, status, reason, usage, error).
    void ended(const MessageRecord &reply);
    void conversationSaved(const QString &conversationId, const StorageError &failed);
    // A message of the exchange was written, or failed for good; the reply's comes last.
    void messageSaved(const QString &messageId, const StorageError &failed);
    // Every write of the exchange is done (committed or failed).
    void finished();

private:
    void write();
    void onDone();
    void onReplySaved(const QString &messageId, const StorageError &failed);

    ConversationStore *m_store;
    QPointer<ChatStream> m_stream;
    Plan m_plan;
    ReplyText *m_text;
    ReplyReasoning *m_reasoning;
    ReplyTiming *m_timing;
    QPointer<PersistGate> m_gate;
    ReplyContinuation *m_continuation = nullptr;
    bool m_ended = false;
};
