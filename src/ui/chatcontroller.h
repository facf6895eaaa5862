// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationparameters.h"
#include "conversationrecord.h"
#include "messagemodel.h"
#include "messagerecord.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>

class AssistantStore;
class ChatProvider;
class ChatStream;
class ConversationStore;
class DraftStore;
class ReplyContinuation;
class ReplyPersister;

// Runs the exchanges of the conversation on screen: shows the user's message and an empty
// reply at once, sends the request, and only then queues the writes; streams the reply into
// MessageModel. Also opens conversations, switches branches and keeps drafts.
//
// Each conversation has its parameters (profile, model, system prompt, sampling); a new chat
// takes the defaults (setProfile, setModel, setSystemPrompt) or an assistant's, and keeps them
// once it starts. A chat started from an assistant shows its greeting at once, as the first
// (assistant) message; like everything else it is written when the first request has left.
class ChatController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChatController belongs to AppContext")
    Q_PROPERTY(QString conversationId READ conversationId NOTIFY conversationIdChanged)
    Q_PROPERTY(MessageModel *messages READ messages CONSTANT)
    Q_PROPERTY(bool streaming READ isStreaming NOTIFY streamingChanged)
    Q_PROPERTY(QString draft READ draft WRITE setDraft NOTIFY draftChanged)
    // The open conversation's (or the new chat's); empty while a conversation is opening.
    Q_PROPERTY(ConversationParameters parameters READ parameters WRITE setParameters NOTIFY parametersChanged)
    // The model the next request on screen goes to: the one source for what the window shows
    // as the current model. Empty when there is none, and then nothing is sent.
    Q_PROPERTY(QString requestModel READ requestModel NOTIFY requestModelChanged)

public:
    // `provider` may be null until one is configured (send() then says so); `drafts` may be
    // null (no drafts kept).
    ChatController(ConversationStore *store, ChatProvider *provider, const QString &model, DraftStore *drafts,
                   QObject *parent = nullptr);
    ~ChatController() override;

    QString conversationId() const { return m_conversationId; }
    MessageModel *messages() const { return m_messages; }
    bool isStreaming() const;
    QString draft() const;
    void setDraft(const QString &text);

    ConversationParameters parameters() const;
    // On a saved conversation the record is saved (a failure comes as error()); on a new chat
    // they apply when it starts. Invalid values are refused with error().
    void setParameters(const ConversationParameters &parameters);

    // For what is sent next; a running reply keeps the provider it started with.
    void setProvider(ChatProvider *provider);
    // The model new chats start with; the open conversation changes to it too (the user
    // picked it in the selector).
    void setModel(const QString &model);
    // The model new chats start with (a profile's, or the first its server lists); the open
    // conversation keeps its own.
    void setDefaultModel(const QString &model);
    QString defaultModel() const { return m_model; }
    QString requestModel() const;
    // A conversation was chosen and its record is still being read.
    bool isOpening() const
    {
        return !m_conversationId.isEmpty() && m_conversation.id != m_conversationId && !m_conversationUnread;
    }
    // The system prompt and provider profile new chats start with.
    void setSystemPrompt(const QString &prompt);
    void setProfile(const QString &profile);
    // Where startFromAssistant() finds assistants; may be null.
    void setAssistants(AssistantStore *assistants);

    // False when nothing was sent (the reason comes as error()): the composer keeps the text.
    Q_INVOKABLE bool send(const QString &text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate(const QString &messageId);
    Q_INVOKABLE bool editAndResend(const QString &messageId, const QString &text);
    // A reply cut short at its token limit (finish reason "length") goes on in the same message.
    Q_INVOKABLE void continueReply(const QString &messageId);
    // An errored reply is asked again; a message that could not be saved is saved again.
    Q_INVOKABLE void retry(const QString &messageId);
    // Shows the previous (-1) or next (+1) alternative of the message, and what followed it.
    Q_INVOKABLE void switchBranch(const QString &messageId, int delta);
    Q_INVOKABLE void openConversation(const QString &id, const QString &messageId = {});
    Q_INVOKABLE void newChat();
    // A new chat with the assistant's parameters (an empty model or profile: the defaults),
    // showing its greeting, if any, as the first message.
    Q_INVOKABLE void startFromAssistant(const QString &name);
    Q_INVOKABLE void copyLastReply();

Q_SIGNALS:
    void conversationIdChanged();
    void streamingChanged();
    void draftChanged();
    void parametersChanged();
    void requestModelChanged();
    void scrollToMessage(int row);
    void error(const QString &message);
    // A new chat got its first message: the sidebar can show it before it is saved.
    void conversationStarted(const ConversationRecord &conversation);
    // The first reply of a chat started here is complete: time to name the conversation.
    void firstReplyCompleted(const QString &conversationId, const QString &question, const QString &reply,
                             const QString &model);

private:
    struct Exchange
    {
        QString conversationId;
        QString messageId;
        QPointer<ChatStream> stream;
        QString prefix; // a continued reply's text before this stream
    };

    using ContextReady = std::function<void(QList<MessageRecord>)>;

    // Calls `ready` with the branch from its first message to `parentId`, at once when the
    // model holds it all (or the rest was read ahead), else after one read.
    void withBranchTo(const QString &parentId, ContextReady ready);
    // The request leaves; the reply streams into the row of `reply`.
    ChatStream *startStream(const MessageRecord &reply, const QList<MessageRecord> &context);
    // Saves the reply as it streams; its row shows the result when it ends. Runs once the
    // request has left (PersistGate), after the writes of the messages before it.
    void persistReply(ChatStream *stream, const MessageRecord &reply);
    void onReplyDone(ChatStream *stream, ReplyPersister *persister);
    void onContinuationDone(ChatStream *stream, ReplyContinuation *continuation);
    void nameConversation(const MessageRecord &reply);
    // The chat's first write; retry() makes it again when it failed.
    void createConversation(const ConversationRecord &conversation);
    // Writes only the changed fields; `failure` (with %1 for the reason) goes to error().
    void updateConversation(const ConversationChange &change, const QString &failure);
    void saveMessage(const MessageRecord &message, bool makeCurrent);
    // A new exchange: the new messages (the greeting and the user's, when given) and a reply,
    // below their parent.
    void streamReplyAfter(const QList<MessageRecord> &newMessages, const MessageRecord &reply);
    ConversationParameters defaults() const;
    // What a request in the conversation uses: its record's, else the defaults.
    ConversationParameters requestParameters(const QString &conversationId) const;

    MessageRecord newMessage(MessageRecord::Role role, const QString &parentId, const QString &content) const;
    bool checkCanStart();
    void noteRequestModel();
    void onLoaded(const QString &loadError);
    void showPendingScroll();
    void readOlderContext();
    // Makes `leafId` the conversation's current leaf, then shows the branch from `messageId` down.
    void showBranchAt(const QString &conversationId, const QString &leafId, const QString &messageId,
                      const QString &parentId);
    // Shows the current branch from `messageId` (now another alternative) down.
    void replaceBranchFrom(const QString &messageId, const QString &parentId);
    void updateStreaming();
    Exchange *exchangeFor(const QString &messageId);

    ConversationStore *m_store;
    QPointer<ChatProvider> m_provider;
    QString m_model;
    QString m_systemPrompt;
    QString m_profile;
    ConversationParameters m_newChat; // the new chat's, until it starts
    std::optional<MessageRecord> m_greeting; // shown in the new chat, written when it starts
    AssistantStore *m_assistants = nullptr;
    DraftStore *m_drafts;
    MessageModel *m_messages;

    QString m_conversationId;
    ConversationRecord m_conversation;  // as last read or made
    bool m_conversationSaved = true;    // false while its first write has failed
    bool m_conversationUnread = false;  // its record could not be read
    QList<Exchange> m_exchanges;        // running replies, in any conversation
    QHash<QString, QString> m_lastLeaf; // message id → the leaf last shown below it
    QString m_pendingScrollTo;
    QString m_queuedSend; // sent once the conversation's branch is in
    QSet<QString> m_unnamed; // chats started here whose first reply has not completed yet
    // The branch older than the model's first page, oldest first, read ahead for requests.
    QList<MessageRecord> m_olderContext;
    QString m_olderContextAnchor; // the model's oldest message when it was read
    bool m_streaming = false;
    QString m_requestModel; // as last announced
};
