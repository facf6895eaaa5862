// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatcontroller.h"

#include "assistantstore.h"
#include "branchcontext.h"
#include "branchnavigator.h"
#include "draftstore.h"
#include "exchangerunner.h"
#include "openconversation.h"

#include <QClipboard>
#include <QGuiApplication>

#include <utility>

ChatController::ChatController(ConversationStore *store, ChatProvider *provider, const QString &model,
                               DraftStore *drafts, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_drafts(drafts)
    , m_messages(new MessageModel(store, this))
    , m_open(new OpenConversation(store, model, this))
    , m_branches(new BranchNavigator(store, m_messages, this))
    , m_context(new BranchContext(store, m_messages, this))
    , m_runner(new ExchangeRunner(store, provider, m_messages, m_open, m_context, this))
{
    connect(m_runner, &ExchangeRunner::runningChanged, this, &ChatController::updateStreaming);
    connect(m_runner, &ExchangeRunner::error, this, &ChatController::error);
    connect(m_runner, &ExchangeRunner::firstReplyCompleted, this, &ChatController::firstReplyCompleted);
    // Whoever announces new parameters, the model the window shows follows first.
    connect(this, &ChatController::parametersChanged, m_open, &OpenConversation::noteRequestModel);
    connect(m_open, &OpenConversation::parametersChanged, this, &ChatController::parametersChanged);
    connect(m_open, &OpenConversation::requestModelChanged, this, &ChatController::requestModelChanged);
    connect(m_open, &OpenConversation::error, this, &ChatController::error);
    connect(m_branches, &BranchNavigator::error, this, &ChatController::error);
    connect(m_messages, &MessageModel::loaded, this, &ChatController::onLoaded);
    connect(m_messages, &MessageModel::olderLoaded, this, &ChatController::showPendingScroll);
}

ChatController::~ChatController()
{
    // The running exchanges' held writes are let through as the runner goes, and they read
    // the open conversation and the rows: the runner goes while those are still here.
    delete m_runner;
}

QString ChatController::conversationId() const
{
    return m_open->id();
}

bool ChatController::isStreaming() const
{
    return m_runner->isRunning(m_open->id());
}

bool ChatController::isOpening() const
{
    return m_open->isOpening();
}

QString ChatController::draft() const
{
    return m_drafts ? m_drafts->draft(m_open->id()) : QString();
}

void ChatController::setDraft(const QString &text)
{
    if (!m_drafts || m_drafts->draft(m_open->id()) == text)
        return;
    m_drafts->setDraft(m_open->id(), text);
    Q_EMIT draftChanged();
}

void ChatController::setProvider(ChatProvider *provider)
{
    m_runner->setProvider(provider);
}

ConversationParameters ChatController::parameters() const
{
    return m_open->parameters();
}

void ChatController::setParameters(const ConversationParameters &parameters)
{
    m_open->setParameters(parameters);
}

void ChatController::setModel(const QString &model)
{
    m_open->setModel(model);
}

void ChatController::setDefaultModel(const QString &model)
{
    m_open->setDefaultModel(model);
}

QString ChatController::defaultModel() const
{
    return m_open->defaultModel();
}

QString ChatController::requestModel() const
{
    return m_open->requestModel();
}

void ChatController::setSystemPrompt(const QString &prompt)
{
    m_open->setSystemPrompt(prompt);
}

void ChatController::setProfile(const QString &profile)
{
    m_open->setProfile(profile);
}

void ChatController::setAssistants(AssistantStore *assistants)
{
    m_assistants = assistants;
}

void ChatController::startFromAssistant(const QString &name)
{
    const std::optional<AssistantPreset> preset = m_assistants ? m_assistants->preset(name) : std::nullopt;
    if (!preset) {
        Q_EMIT error(tr("There is no assistant named “%1” (it may have been removed).").arg(name));
        return;
    }
    newChat();
    ConversationParameters parameters = preset->parameters;
    if (parameters.profile.isEmpty())
        parameters.profile = m_open->defaultProfile();
    if (parameters.model.isEmpty())
        parameters.model = m_open->defaultModel();
    setParameters(parameters);
    if (preset->greeting.trimmed().isEmpty())
        return;
    // Shown now; written with the chat when its first request has left (stream first).
    MessageRecord greeting = m_runner->newMessage(MessageRecord::Role::Assistant, {}, preset->greeting);
    greeting.status = MessageRecord::Status::Complete;
    greeting.model.clear(); // written by the user, not by a model
    m_greeting = greeting;
    m_messages->appendMessage(greeting, MessageModel::SaveState::Saved);
}

bool ChatController::send(const QString &text)
{
    if (text.trimmed().isEmpty())
        return false;
    if (m_messages->isLoading()) {
        // The message goes under the branch's last one, which is not known yet: moments away.
        m_queuedSend = text;
        return true;
    }
    if (!m_runner->canStart())
        return false;

    if (m_open->id().isEmpty()) {
        const ConversationRecord &conversation = m_open->start(text);
        m_runner->nameWhenAnswered(conversation.id);
        m_messages->startConversation(conversation.id);
        if (m_drafts)
            m_drafts->setDraft({}, QString());
        Q_EMIT conversationIdChanged();
        Q_EMIT conversationStarted(conversation);
    } else if (m_drafts) {
        m_drafts->setDraft(m_open->id(), QString());
    }
    Q_EMIT draftChanged();

    QList<MessageRecord> newMessages;
    if (m_greeting) {
        // The greeting joins the chat now that it has an id.
        MessageRecord greeting = *std::exchange(m_greeting, std::nullopt);
        greeting.conversationId = m_open->id();
        m_messages->updateMessage(greeting);
        m_messages->setSaveState(greeting.id, MessageModel::SaveState::Saving);
        newMessages.append(greeting);
    }
    const int last = m_messages->rowCount() - 1;
    const QString parentId = last >= 0 ? m_messages->message(last).id : QString();
    const MessageRecord user = m_runner->newMessage(MessageRecord::Role::User, parentId, text);
    const MessageRecord reply = m_runner->newMessage(MessageRecord::Role::Assistant, user.id, {});
    m_messages->appendMessage(user, MessageModel::SaveState::Saving);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving);
    newMessages.append(user);
    m_runner->ask(newMessages, reply);
    return true;
}

void ChatController::stop()
{
    m_runner->stop(m_open->id());
}

void ChatController::regenerate(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || !m_runner->canStart())
        return;
    const MessageRecord old = m_messages->message(row);
    // A greeting (no parent) was not generated: there is nothing to ask again.
    if (old.role != MessageRecord::Role::Assistant || old.parentId.isEmpty())
        return;
    const MessageRecord reply = m_runner->newMessage(MessageRecord::Role::Assistant, old.parentId, {});
    const BranchNavigator::Place place = m_branches->branchOff(row);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving, place.index, place.count);
    m_runner->ask({}, reply);
}

bool ChatController::editAndResend(const QString &messageId, const QString &text)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || text.trimmed().isEmpty() || m_messages->message(row).role != MessageRecord::Role::User ||
        !m_runner->canStart())
        return false;
    const MessageRecord old = m_messages->message(row);
    const MessageRecord user = m_runner->newMessage(MessageRecord::Role::User, old.parentId, text);
    const MessageRecord reply = m_runner->newMessage(MessageRecord::Role::Assistant, user.id, {});
    const BranchNavigator::Place place = m_branches->branchOff(row);
    m_messages->appendMessage(user, MessageModel::SaveState::Saving, place.index, place.count);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving);
    m_runner->ask({user}, reply);
    return true;
}

void ChatController::continueReply(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || m_runner->isRunningFor(messageId) || !m_runner->canStart())
        return;
    const MessageRecord reply = m_messages->message(row);
    if (reply.role != MessageRecord::Role::Assistant || reply.status != MessageRecord::Status::Complete ||
        reply.finishReason != u"length")
        return;
    m_runner->continueReply(reply);
}

void ChatController::retry(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || m_runner->isRunningFor(messageId))
        return;
    MessageRecord message = m_messages->message(row);
    const bool failedReply = message.role == MessageRecord::Role::Assistant &&
                             (message.status == MessageRecord::Status::Error ||
                              message.status == MessageRecord::Status::Interrupted);
    if (failedReply) {
        if (row != m_messages->rowCount() - 1) {
            regenerate(messageId); // something follows it: ask again beside it
            return;
        }
        if (!m_runner->canStart())
            return;
        // The last reply failed: ask again in its place, so no dead alternative is left behind.
        message.content.clear();
        message.parts.clear();
        message.errorText.clear();
        message.finishReason.clear();
        message.promptTokens.reset();
        message.completionTokens.reset();
        message.totalTokens.reset();
        message.reasoningTokens.reset();
        message.firstTokenMs.reset();
        message.tokensPerSecond.reset();
        message.status = MessageRecord::Status::Pending;
        message.model = m_open->requestParameters(m_open->id()).model;
        m_messages->updateMessage(message);
        m_messages->setSaveState(message.id, MessageModel::SaveState::Saving);
        m_runner->ask({}, message);
        return;
    }
    if (m_messages->saveState(row) != MessageModel::SaveState::NotSaved)
        return;
    message.writerId.clear();
    m_runner->saveAgain(message, row == m_messages->rowCount() - 1);
}

void ChatController::switchBranch(const QString &messageId, int delta)
{
    if (m_messages->rowOf(messageId) < 0 || delta == 0)
        return;
    if (isStreaming()) {
        Q_EMIT error(tr("Stop the reply before switching to another version."));
        return;
    }
    m_branches->switchBranch(messageId, delta);
}

void ChatController::openConversation(const QString &id, const QString &messageId)
{
    if (id.isEmpty()) {
        newChat();
        return;
    }
    m_queuedSend.clear();
    m_pendingScrollTo = messageId;
    if (id == m_open->id() && !m_messages->isLoading()) {
        showPendingScroll();
        return;
    }
    m_greeting.reset();
    m_context->clear();
    m_open->open(id);
    m_messages->load(id);
    Q_EMIT conversationIdChanged();
    Q_EMIT draftChanged();
    Q_EMIT parametersChanged();
    updateStreaming();
}

void ChatController::newChat()
{
    m_queuedSend.clear();
    m_pendingScrollTo.clear();
    m_context->clear();
    m_greeting.reset();
    const bool wasOpen = !m_open->id().isEmpty();
    m_open->newChat();
    m_messages->clear();
    if (wasOpen)
        Q_EMIT conversationIdChanged();
    Q_EMIT draftChanged();
    Q_EMIT parametersChanged();
    updateStreaming();
}

void ChatController::copyLastReply()
{
    for (int row = m_messages->rowCount() - 1; row >= 0; --row) {
        const MessageRecord message = m_messages->message(row);
        if (message.role == MessageRecord::Role::Assistant && !message.content.isEmpty()) {
            // Only a GUI application has a clipboard (the tests and the CLI run without one).
            if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
                QGuiApplication::clipboard()->setText(message.content);
            return;
        }
    }
}

void ChatController::onLoaded(const QString &loadError)
{
    if (!loadError.isEmpty())
        Q_EMIT error(loadError);
    // A reply still streaming in this conversation picks up where the stream is now.
    m_runner->showRunning();
    m_context->readAhead();
    showPendingScroll();
    if (!m_queuedSend.isEmpty()) {
        const QString queued = std::exchange(m_queuedSend, QString());
        if (!send(queued))
            setDraft(queued); // refused (error() says why): back in the composer
    }
}

void ChatController::showPendingScroll()
{
    if (m_pendingScrollTo.isEmpty() || m_messages->isLoading())
        return;
    if (const int row = m_messages->rowOf(m_pendingScrollTo); row >= 0) {
        m_pendingScrollTo.clear();
        Q_EMIT scrollToMessage(row);
        return;
    }
    // Further up the branch: read older pages until it shows (or the branch ends).
    if (m_messages->canFetchMore({}))
        m_messages->fetchMore({});
    else if (m_messages->hasAllMessages())
        m_pendingScrollTo.clear();
}

void ChatController::updateStreaming()
{
    const bool streaming = isStreaming();
    if (streaming == m_streaming)
        return;
    m_streaming = streaming;
    Q_EMIT streamingChanged();
}
