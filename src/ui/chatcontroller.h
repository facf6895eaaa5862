// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationparameters.h"
#include "conversationrecord.h"
#include "messagemodel.h"
#include "messagerecord.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <optional>

class AssistantStore;
class BranchContext;
class BranchNavigator;
class ChatProvider;
class ConversationStore;
class DraftStore;
class ExchangeRunner;
class OpenConversation;

// The conversation on screen, as QML sees it: a facade over the parts that do the work.
// OpenConversation keeps which conversation is shown and its parameters; an Exchange runs
// each reply (stream first, then the writes); ExchangeRows shows it in MessageModel;
// BranchNavigator switches versions; BranchContext gathers the branch a request carries.
//
// A chat started from an assistant shows its greeting at once, as the first (assistant)
// message; like everything else it is written when the first request has left.
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

    QString conversationId() const;
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
    QString defaultModel() const;
    QString requestModel() const;
    // A conversation was chosen and its record is still being read.
    bool isOpening() const;
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
    void onLoaded(const QString &loadError);
    void showPendingScroll();
    void updateStreaming();

    ConversationStore *m_store;
    AssistantStore *m_assistants = nullptr;
    DraftStore *m_drafts;
    MessageModel *m_messages;
    OpenConversation *m_open;
    BranchNavigator *m_branches;
    BranchContext *m_context;
    ExchangeRunner *m_runner;

    std::optional<MessageRecord> m_greeting; // shown in the new chat, written when it starts
    QString m_pendingScrollTo;
    QString m_queuedSend; // sent once the conversation's branch is in
    bool m_streaming = false;
};
