// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange.h"
#include "messagerecord.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class BranchContext;
class ChatProvider;
class ConversationStore;
class ExchangeRows;
class MessageModel;
class OpenConversation;

// Runs the exchanges of the window: each new reply (to a new message, a regenerated or edited
// one, a retried one) or continued one gets its branch, leaves as a request, and runs as an
// Exchange shown in the message model. Keeps the running ones, in any conversation.
class ExchangeRunner : public QObject
{
    Q_OBJECT

public:
    // `provider` may be null until one is configured.
    ExchangeRunner(ConversationStore *store, ChatProvider *provider, MessageModel *messages,
                   OpenConversation *open, BranchContext *context, QObject *parent = nullptr);
    // The running exchanges are left to the store, which keeps them until their last write.
    ~ExchangeRunner() override;

    void setProvider(ChatProvider *provider);
    // Whether a new exchange can start in the open conversation; if not, error() says why.
    bool canStart();
    // A message of the open conversation, new, by `role`: a reply is pending, for its model.
    MessageRecord newMessage(MessageRecord::Role role, const QString &parentId, const QString &content) const;
    // Asks for `reply` after the new messages (the greeting and the user's, when given).
    void ask(const QList<MessageRecord> &newMessages, const MessageRecord &reply);
    // Goes on with a reply cut short at its token limit, in the same message.
    void continueReply(const MessageRecord &reply);
    // The conversation just started here is named once its first reply is complete.
    void nameWhenAnswered(const QString &conversationId) { m_unnamed.insert(conversationId); }
    // A message that could not be saved (and its new chat, first) is saved again.
    void saveAgain(const MessageRecord &message, bool makeCurrent);

    bool isRunning(const QString &conversationId) const;
    bool isRunningFor(const QString &messageId) const;
    void stop(const QString &conversationId);
    // The model read its rows afresh: the running replies show as they stand.
    void showRunning();

Q_SIGNALS:
    void runningChanged();
    void error(const QString &message);
    // The first reply of a chat started here is complete: time to name the conversation.
    void firstReplyCompleted(const QString &conversationId, const QString &question, const QString &reply,
                             const QString &model);

private:
    // The request leaves (for `model`, else the reply's); the exchange takes it from there.
    void start(Exchange::Plan plan, const QList<MessageRecord> &context, const QString &model = {});
    void onEnded(Exchange *exchange, const MessageRecord &reply);
    void nameConversation(const MessageRecord &reply);

    ConversationStore *m_store;
    QPointer<ChatProvider> m_provider;
    MessageModel *m_messages;
    OpenConversation *m_open;
    BranchContext *m_context;
    ExchangeRows *m_rows;
    QList<Exchange *> m_running; // in any conversation
    QSet<QString> m_unnamed;     // chats started here whose first reply has not completed yet
};
