// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatcontroller.h"

#include "assistantstore.h"
#include "chatlogging.h"
#include "chatrequestbuilder.h"
#include "conversationstore.h"
#include "conversationtitle.h"
#include "draftstore.h"
#include "futurecallback.h"
#include "messagemodel.h"
#include "persistgate.h"
#include "chatprovider.h"
#include "chatstream.h"
#include "replycontinuation.h"
#include "replypersister.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QUuid>

#include <algorithm>
#include <limits>
#include <utility>

namespace {
QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

ChatController::ChatController(ConversationStore *store, ChatProvider *provider, const QString &model,
                               DraftStore *drafts, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_provider(provider)
    , m_model(model)
    , m_drafts(drafts)
    , m_messages(new MessageModel(store, this))
{
    m_newChat = defaults();
    m_requestModel = requestModel();
    connect(this, &ChatController::parametersChanged, this, &ChatController::noteRequestModel);
    connect(m_messages, &MessageModel::loaded, this, &ChatController::onLoaded);
    connect(m_messages, &MessageModel::olderLoaded, this, &ChatController::showPendingScroll);
}

ChatController::~ChatController()
{
    // Writes still held for their request are queued now: nothing typed is dropped.
    const QList<PersistGate *> gates = findChildren<PersistGate *>(Qt::FindDirectChildrenOnly);
    for (PersistGate *gate : gates)
        gate->open();
    // Replies still streaming are saved as interrupted, with their text, by their persisters,
    // which stay with the store until their last write is done.
    const QList<ReplyPersister *> persisters = findChildren<ReplyPersister *>(Qt::FindDirectChildrenOnly);
    for (ReplyPersister *persister : persisters)
        persister->setParent(m_store);
    for (const Exchange &exchange : std::as_const(m_exchanges)) {
        if (exchange.stream)
            exchange.stream->disconnect(this);
    }
}

bool ChatController::isStreaming() const
{
    return std::any_of(m_exchanges.cbegin(), m_exchanges.cend(), [this](const Exchange &exchange) {
        return exchange.conversationId == m_conversationId && exchange.stream;
    });
}

QString ChatController::draft() const
{
    return m_drafts ? m_drafts->draft(m_conversationId) : QString();
}

void ChatController::setDraft(const QString &text)
{
    if (!m_drafts || m_drafts->draft(m_conversationId) == text)
        return;
    m_drafts->setDraft(m_conversationId, text);
    Q_EMIT draftChanged();
}

void ChatController::setProvider(ChatProvider *provider)
{
    m_provider = provider;
}

ConversationParameters ChatController::parameters() const
{
    if (m_conversationId.isEmpty())
        return m_newChat;
    if (m_conversation.id == m_conversationId)
        return ConversationParameters::fromRecord(m_conversation);
    return {}; // still opening
}

void ChatController::setParameters(const ConversationParameters &parameters)
{
    if (const QString problem = parameters.validate(); !problem.isEmpty()) {
        Q_EMIT error(problem);
        return;
    }
    if (m_conversationId.isEmpty()) {
        if (parameters == m_newChat)
            return;
        m_newChat = parameters;
        Q_EMIT parametersChanged();
        return;
    }
    if (m_conversation.id != m_conversationId) {
        Q_EMIT error(tr("The conversation is still opening: change its settings in a moment."));
        return;
    }
    if (parameters == ConversationParameters::fromRecord(m_conversation))
        return;
    const ConversationRecord before = m_conversation;
    parameters.applyTo(m_conversation);
    Q_EMIT parametersChanged();
    // A chat whose first write is still to come (or is to be retried) is written with these.
    // Otherwise only what changed is written: the rest of our copy (its title above all) may be
    // older than what is stored.
    if (m_conversationSaved)
        updateConversation(ConversationChange::between(before, m_conversation),
                           tr("The chat's settings were not saved: %1"));
}

void ChatController::setModel(const QString &model)
{
    m_model = model;
    noteRequestModel(); // a conversation without a model of its own asks the default
    if (model.isEmpty())
        return;
    if (m_conversationId.isEmpty() || m_conversation.id == m_conversationId) {
        ConversationParameters changed = parameters();
        changed.model = model;
        setParameters(changed);
    }
}

void ChatController::setDefaultModel(const QString &model)
{
    // The new chat follows the default unless it was given its own.
    if (m_conversationId.isEmpty() && (m_newChat.model.isEmpty() || m_newChat.model == m_model)) {
        ConversationParameters changed = m_newChat;
        changed.model = model;
        setParameters(changed);
    }
    m_model = model;
    noteRequestModel();
}

QString ChatController::requestModel() const
{
    if (isOpening())
        return {}; // known in a moment
    return requestParameters(m_conversationId).model;
}

void ChatController::noteRequestModel()
{
    const QString model = requestModel();
    if (model == m_requestModel)
        return;
    m_requestModel = model;
    Q_EMIT requestModelChanged();
}

void ChatController::setSystemPrompt(const QString &prompt)
{
    // The new chat follows the default unless it was given its own.
    if (m_conversationId.isEmpty() && m_newChat.systemPrompt == m_systemPrompt) {
        ConversationParameters changed = m_newChat;
        changed.systemPrompt = prompt;
        setParameters(changed);
    }
    m_systemPrompt = prompt;
}

void ChatController::setProfile(const QString &profile)
{
    if (m_conversationId.isEmpty() && m_newChat.profile == m_profile) {
        ConversationParameters changed = m_newChat;
        changed.profile = profile;
        setParameters(changed);
    }
    m_profile = profile;
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
        parameters.profile = m_profile;
    if (parameters.model.isEmpty())
        parameters.model = m_model;
    setParameters(parameters);
    if (preset->greeting.trimmed().isEmpty())
        return;
    // Shown now; written with the chat when its first request has left (stream first).
    MessageRecord greeting = newMessage(MessageRecord::Role::Assistant, {}, preset->greeting);
    greeting.status = MessageRecord::Status::Complete;
    greeting.model.clear(); // written by the user, not by a model
    m_greeting = greeting;
    m_messages->appendMessage(greeting, MessageModel::SaveState::Saved);
}

ConversationParameters ChatController::defaults() const
{
    ConversationParameters parameters;
    parameters.profile = m_profile;
    parameters.model = m_model;
    parameters.systemPrompt = m_systemPrompt;
    return parameters;
}

ConversationParameters ChatController::requestParameters(const QString &conversationId) const
{
    ConversationParameters parameters;
    if (conversationId.isEmpty())
        parameters = m_newChat;
    else if (m_conversation.id == conversationId)
        parameters = ConversationParameters::fromRecord(m_conversation);
    else
        parameters = defaults(); // its record could not be read
    if (parameters.model.isEmpty())
        parameters.model = m_model;
    return parameters;
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
    if (!checkCanStart())
        return false;

    if (m_conversationId.isEmpty()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_conversation = {};
        m_conversation.id = newId();
        m_conversation.title = ConversationTitle::fromPrompt(text);
        m_conversation.createdAt = m_conversation.updatedAt = now;
        requestParameters({}).applyTo(m_conversation);
        m_conversationSaved = false;
        m_conversationId = m_conversation.id;
        m_unnamed.insert(m_conversationId);
        m_messages->startConversation(m_conversationId);
        if (m_drafts)
            m_drafts->setDraft({}, QString());
        Q_EMIT conversationIdChanged();
        Q_EMIT conversationStarted(m_conversation);
    } else if (m_drafts) {
        m_drafts->setDraft(m_conversationId, QString());
    }
    Q_EMIT draftChanged();

    QList<MessageRecord> newMessages;
    if (m_greeting) {
        // The greeting joins the chat now that it has an id.
        MessageRecord greeting = *std::exchange(m_greeting, std::nullopt);
        greeting.conversationId = m_conversationId;
        m_messages->updateMessage(greeting);
        m_messages->setSaveState(greeting.id, MessageModel::SaveState::Saving);
        newMessages.append(greeting);
    }
    const int last = m_messages->rowCount() - 1;
    const QString parentId = last >= 0 ? m_messages->message(last).id : QString();
    const MessageRecord user = newMessage(MessageRecord::Role::User, parentId, text);
    const MessageRecord reply = newMessage(MessageRecord::Role::Assistant, user.id, {});
    m_messages->appendMessage(user, MessageModel::SaveState::Saving);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving);
    newMessages.append(user);
    streamReplyAfter(newMessages, reply);
    return true;
}

void ChatController::stop()
{
    // cancel() ends the exchange at once, which takes it off the list: collect first.
    QList<QPointer<ChatStream>> streams;
    for (const Exchange &exchange : std::as_const(m_exchanges)) {
        if (exchange.conversationId == m_conversationId && exchange.stream)
            streams.append(exchange.stream);
    }
    for (const QPointer<ChatStream> &stream : std::as_const(streams)) {
        if (stream)
            stream->cancel(); // done() follows: the row shows "stopped", its text kept
    }
}

void ChatController::regenerate(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || !checkCanStart())
        return;
    const MessageRecord old = m_messages->message(row);
    // A greeting (no parent) was not generated: there is nothing to ask again.
    if (old.role != MessageRecord::Role::Assistant || old.parentId.isEmpty())
        return;
    const int count = m_messages->data(m_messages->index(row), MessageModel::BranchCountRole).toInt();
    m_lastLeaf.insert(old.id, m_messages->message(m_messages->rowCount() - 1).id);

    const MessageRecord reply = newMessage(MessageRecord::Role::Assistant, old.parentId, {});
    m_messages->removeFrom(row);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving, count, count + 1);
    streamReplyAfter({}, reply);
}

bool ChatController::editAndResend(const QString &messageId, const QString &text)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || text.trimmed().isEmpty() || m_messages->message(row).role != MessageRecord::Role::User ||
        !checkCanStart())
        return false;
    const MessageRecord old = m_messages->message(row);
    const int count = m_messages->data(m_messages->index(row), MessageModel::BranchCountRole).toInt();
    m_lastLeaf.insert(old.id, m_messages->message(m_messages->rowCount() - 1).id);

    const MessageRecord user = newMessage(MessageRecord::Role::User, old.parentId, text);
    const MessageRecord reply = newMessage(MessageRecord::Role::Assistant, user.id, {});
    m_messages->removeFrom(row);
    m_messages->appendMessage(user, MessageModel::SaveState::Saving, count, count + 1);
    m_messages->appendMessage(reply, MessageModel::SaveState::Saving);
    streamReplyAfter({user}, reply);
    return true;
}

void ChatController::continueReply(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || exchangeFor(messageId) || !checkCanStart())
        return;
    const MessageRecord reply = m_messages->message(row);
    if (reply.role != MessageRecord::Role::Assistant || reply.status != MessageRecord::Status::Complete ||
        reply.finishReason != u"length")
        return;
    const QString conversationId = m_conversationId;
    withBranchTo(messageId, [=, this](const QList<MessageRecord> &branch) {
        if (conversationId != m_conversationId || m_messages->rowOf(messageId) < 0 || !m_provider)
            return;
        // The row keeps its text and shows that more is coming.
        MessageRecord going = reply;
        going.status = MessageRecord::Status::Pending;
        going.finishReason.clear();
        m_messages->updateMessage(going);
        m_messages->setSaveState(messageId, MessageModel::SaveState::Saving);
        // Asked of the model shown now (the reply's own may be the server's dated name for it).
        MessageRecord request = reply;
        request.model = requestParameters(conversationId).model;
        ChatStream *stream = startStream(request, ReplyContinuation::requestContext(branch, reply));
        if (Exchange *exchange = exchangeFor(messageId))
            exchange->prefix = reply.content;
        auto *continuation = new ReplyContinuation(m_store, reply, this);
        connect(continuation, &ReplyContinuation::finished, this,
                [this, messageId, continuation](const MessageRecord &, const StorageError &failed) {
                    m_messages->setSaveState(messageId, failed.isError() ? MessageModel::SaveState::NotSaved
                                                                         : MessageModel::SaveState::Saved);
                    if (failed.isError())
                        qCWarning(lcChat) << "the continued reply was not saved:" << failed.message;
                    continuation->deleteLater();
                });
        if (stream->isActive())
            connect(stream, &ChatStream::done, this,
                    [this, stream, continuation] { onContinuationDone(stream, continuation); });
        else
            onContinuationDone(stream, continuation);
    });
}

void ChatController::onContinuationDone(ChatStream *stream, ReplyContinuation *continuation)
{
    const MessageRecord message = continuation->merged(*stream);
    m_messages->flushContent();
    m_messages->updateMessage(message);
    if (message.promptTokens && message.completionTokens)
        m_messages->setUsage(message.id, TokenUsage{*message.promptTokens, *message.completionTokens,
                                                    message.totalTokens.value_or(0), 0});
    if (stream->state() == ChatStream::State::Failed && stream->text().isEmpty() && stream->error())
        Q_EMIT error(tr("The reply could not be continued: %1").arg(stream->error()->message()));
    continuation->finish(*stream);
    m_exchanges.removeIf([stream](const Exchange &exchange) { return exchange.stream == stream; });
    stream->deleteLater();
    updateStreaming();
}

void ChatController::retry(const QString &messageId)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || exchangeFor(messageId))
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
        if (!checkCanStart())
            return;
        // The last reply failed: ask again in its place, so no dead alternative is left behind.
        message.content.clear();
        message.errorText.clear();
        message.finishReason.clear();
        message.promptTokens.reset();
        message.completionTokens.reset();
        message.totalTokens.reset();
        message.status = MessageRecord::Status::Pending;
        message.model = requestParameters(m_conversationId).model;
        m_messages->updateMessage(message);
        m_messages->setUsage(message.id, std::nullopt);
        m_messages->setSaveState(message.id, MessageModel::SaveState::Saving);
        streamReplyAfter({}, message);
        return;
    }
    const QVariant state = m_messages->data(m_messages->index(row), MessageModel::SaveStateRole);
    if (state.toString() != MessageModel::saveStateName(MessageModel::SaveState::NotSaved))
        return;
    if (!m_conversationSaved) {
        m_conversationSaved = true;
        createConversation(m_conversation);
    }
    message.writerId.clear();
    saveMessage(message, row == m_messages->rowCount() - 1);
}

void ChatController::switchBranch(const QString &messageId, int delta)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || delta == 0)
        return;
    if (isStreaming()) {
        Q_EMIT error(tr("Stop the reply before switching to another version."));
        return;
    }
    const QString conversationId = m_conversationId;
    const QString leaving = m_messages->message(m_messages->rowCount() - 1).id;
    const QString parentId = m_messages->message(row).parentId;
    onFinished(m_store->siblings(messageId), this,
               [=, this](const StorageResult<QList<MessageRecord>> &found) {
                   if (conversationId != m_conversationId)
                       return;
                   if (!found.ok()) {
                       Q_EMIT error(found.error.message);
                       return;
                   }
                   const QList<MessageRecord> &siblings = found.value;
                   const auto at =
                       std::find_if(siblings.cbegin(), siblings.cend(),
                                    [&](const MessageRecord &sibling) { return sibling.id == messageId; });
                   if (at == siblings.cend())
                       return;
                   const qsizetype target = (at - siblings.cbegin()) + delta;
                   if (target < 0 || target >= siblings.size())
                       return;
                   const QString targetId = siblings.at(target).id;
                   m_lastLeaf.insert(messageId, leaving);
                   // Back where the user last was below it, else to its newest reply.
                   const QString leaf = m_lastLeaf.value(targetId);
                   if (!leaf.isEmpty()) {
                       showBranchAt(conversationId, leaf, messageId, parentId);
                       return;
                   }
                   onFinished(m_store->latestLeafUnder(targetId), this,
                              [=, this](const StorageResult<QString> &newest) {
                                  if (conversationId != m_conversationId)
                                      return;
                                  if (!newest.ok()) {
                                      Q_EMIT error(newest.error.message);
                                      return;
                                  }
                                  showBranchAt(conversationId, newest.value, messageId, parentId);
                              });
               });
}

void ChatController::showBranchAt(const QString &conversationId, const QString &leafId, const QString &messageId,
                                  const QString &parentId)
{
    onFinished(m_store->setCurrentLeaf(conversationId, leafId), this,
               [=, this](const StorageError &failed) {
                   if (conversationId != m_conversationId)
                       return;
                   if (failed.isError()) {
                       Q_EMIT error(failed.message);
                       return;
                   }
                   replaceBranchFrom(messageId, parentId);
               });
}

void ChatController::openConversation(const QString &id, const QString &messageId)
{
    if (id.isEmpty()) {
        newChat();
        return;
    }
    m_queuedSend.clear();
    m_pendingScrollTo = messageId;
    if (id == m_conversationId && !m_messages->isLoading()) {
        showPendingScroll();
        return;
    }
    m_conversationId = id;
    m_conversation = {};
    m_conversationUnread = false;
    m_conversationSaved = true;
    m_greeting.reset();
    m_olderContext.clear();
    m_olderContextAnchor.clear();
    onFinished(m_store->conversation(id), this, [this, id](const StorageResult<ConversationRecord> &found) {
        if (id != m_conversationId)
            return;
        if (found.ok()) {
            m_conversation = found.value;
        } else {
            m_conversationUnread = true; // its requests use the defaults
            Q_EMIT error(found.error.message);
        }
        Q_EMIT parametersChanged();
    });
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
    m_olderContext.clear();
    m_olderContextAnchor.clear();
    m_conversation = {};
    m_conversationUnread = false;
    m_conversationSaved = true;
    m_greeting.reset();
    m_newChat = defaults();
    m_messages->clear();
    if (!m_conversationId.isEmpty()) {
        m_conversationId.clear();
        Q_EMIT conversationIdChanged();
    }
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

void ChatController::withBranchTo(const QString &parentId, ContextReady ready)
{
    if (parentId.isEmpty()) {
        ready({});
        return;
    }
    // Rows are found by id each time: older pages may have come in at the top meanwhile.
    const int row = m_messages->rowOf(parentId);
    if (m_messages->hasAllMessages()) {
        ready(m_messages->messagesUpTo(row));
        return;
    }
    if (const int anchor = m_messages->rowOf(m_olderContextAnchor); anchor >= 0 && anchor <= row) {
        QList<MessageRecord> context = m_olderContext;
        const QList<MessageRecord> shown = m_messages->messagesUpTo(row);
        context.append(shown.mid(anchor));
        ready(std::move(context));
        return;
    }
    // The start of a long branch is neither shown nor read ahead yet: one read first.
    const QString conversationId = m_conversationId;
    const QString oldest = m_messages->message(0).id;
    onFinished(m_store->branch(conversationId, oldest, std::numeric_limits<int>::max()), this,
               [=, this](const StorageResult<QList<MessageRecord>> &older) {
                   if (conversationId != m_conversationId)
                       return;
                   if (!older.ok())
                       qCWarning(lcChat) << "cannot read the start of the branch:" << older.error.message
                                         << older.error.detail;
                   QList<MessageRecord> context(older.value.crbegin(), older.value.crend());
                   const QList<MessageRecord> shown = m_messages->messagesUpTo(m_messages->rowOf(parentId));
                   const int from = m_messages->rowOf(oldest);
                   context.append(shown.mid(std::max(from, 0)));
                   ready(std::move(context));
               });
}

void ChatController::streamReplyAfter(const QList<MessageRecord> &newMessages, const MessageRecord &reply)
{
    const QString conversationId = m_conversationId;
    const QString parentId = newMessages.isEmpty() ? reply.parentId : newMessages.constFirst().parentId;
    withBranchTo(parentId, [=, this](QList<MessageRecord> context) {
        context.append(newMessages);
        if (!m_provider) { // it went away while the branch was being read
            MessageRecord failed = reply;
            failed.status = MessageRecord::Status::Error;
            failed.errorText = tr("No provider is set up: add one in Settings.");
            m_messages->updateMessage(failed);
            return;
        }
        // Stream first: the request is on its way before anything is written.
        ChatStream *stream = startStream(reply, context);
        const bool saveRecord = !m_conversationSaved && conversationId == m_conversation.id;
        const ConversationRecord conversation = m_conversation;
        new PersistGate(
            stream,
            [=, this] {
                // With the parameters as they are now: they may have changed meanwhile (until
                // this write is queued, a change goes into the record rather than its own write).
                if (saveRecord) {
                    const bool current = conversation.id == m_conversation.id;
                    if (current)
                        m_conversationSaved = true;
                    createConversation(current ? m_conversation : conversation);
                }
                for (const MessageRecord &message : newMessages)
                    saveMessage(message, true);
                persistReply(stream, reply);
            },
            this);
    });
}

ChatStream *ChatController::startStream(const MessageRecord &reply, const QList<MessageRecord> &context)
{
    ConversationParameters parameters = requestParameters(reply.conversationId);
    if (!reply.model.isEmpty())
        parameters.model = reply.model;
    ChatStream *stream = m_provider->streamChat(ChatRequestBuilder::build(parameters, context));
    stream->setParent(this);
    m_exchanges.append({reply.conversationId, reply.id, stream, {}});

    const QString id = reply.id;
    connect(stream, &ChatStream::started, this, [this, id] {
        const int row = m_messages->rowOf(id);
        if (row < 0)
            return;
        MessageRecord message = m_messages->message(row);
        message.status = MessageRecord::Status::Streaming;
        m_messages->updateMessage(message);
    });
    connect(stream, &ChatStream::contentDelta, this,
            [this, id](const QString &delta) { m_messages->appendContent(id, delta); });
    connect(stream, &ChatStream::refusalDelta, this, [this, id, stream](const QString &delta) {
        // A refusal is what the model said instead: shown as the reply, as it is saved.
        if (stream->text().isEmpty())
            m_messages->appendContent(id, delta);
    });
    updateStreaming();
    return stream;
}

void ChatController::persistReply(ChatStream *stream, const MessageRecord &reply)
{
    auto *persister = new ReplyPersister(m_store, stream, reply, this);
    const QString id = reply.id;
    connect(persister, &ReplyPersister::finished, this, [this, id, persister](const StorageError &failed) {
        m_messages->setSaveState(id, failed.isError() ? MessageModel::SaveState::NotSaved
                                                      : MessageModel::SaveState::Saved);
        if (failed.isError())
            qCWarning(lcChat) << "the reply was not saved:" << failed.message;
        persister->deleteLater();
    });
    // The persister's record holds the final state once it has seen the end: it saw it first.
    if (stream->isActive())
        connect(stream, &ChatStream::done, this,
                [this, stream, persister] { onReplyDone(stream, persister); });
    else
        onReplyDone(stream, persister);
}

void ChatController::onReplyDone(ChatStream *stream, ReplyPersister *persister)
{
    MessageRecord message = persister->message();
    if (message.errorText.isEmpty() && message.status != MessageRecord::Status::Complete && stream->error())
        message.errorText = stream->error()->message(); // e.g. why it was interrupted
    m_messages->flushContent();
    m_messages->updateMessage(message);
    m_messages->setUsage(message.id, stream->usage());
    if (message.status == MessageRecord::Status::Complete && m_unnamed.contains(message.conversationId))
        nameConversation(message);

    m_exchanges.removeIf([stream](const Exchange &exchange) { return exchange.stream == stream; });
    stream->deleteLater();
    updateStreaming();
}

void ChatController::nameConversation(const MessageRecord &reply)
{
    // The question is the reply's parent; it is on screen unless the user moved on meanwhile.
    const int row = m_messages->rowOf(reply.parentId);
    if (row < 0 || reply.conversationId != m_conversationId)
        return;
    const MessageRecord question = m_messages->message(row);
    // The first question, after the greeting when there is one.
    if (!question.parentId.isEmpty()) {
        const MessageRecord before = m_messages->message(row - 1);
        if (before.id != question.parentId || before.role != MessageRecord::Role::Assistant ||
            !before.parentId.isEmpty())
            return;
    }
    m_unnamed.remove(reply.conversationId);
    Q_EMIT firstReplyCompleted(reply.conversationId, question.content, reply.content, reply.model);
}

void ChatController::createConversation(const ConversationRecord &conversation)
{
    const QString id = conversation.id;
    onFinished(m_store->createConversation(conversation), this, [this, id](const StorageError &failed) {
        if (failed.isError()) {
            qCWarning(lcChat) << "the conversation was not saved:" << failed.message;
            if (id == m_conversation.id)
                m_conversationSaved = false; // retry() saves it again first
        }
    });
}

void ChatController::updateConversation(const ConversationChange &change, const QString &failure)
{
    if (change.isEmpty())
        return;
    onFinished(m_store->updateConversation(change), this, [this, failure](const StorageError &failed) {
        if (failed.isError()) {
            qCWarning(lcChat) << "a change to the conversation was not saved:" << failed.message;
            Q_EMIT error(failure.arg(failed.message));
        }
    });
}

void ChatController::saveMessage(const MessageRecord &message, bool makeCurrent)
{
    const QString id = message.id;
    m_messages->setSaveState(id, MessageModel::SaveState::Saving);
    onFinished(m_store->saveMessage(message, makeCurrent), this, [this, id](const StorageError &failed) {
        m_messages->setSaveState(id, failed.isError() ? MessageModel::SaveState::NotSaved
                                                      : MessageModel::SaveState::Saved);
        if (failed.isError())
            qCWarning(lcChat) << "a message was not saved:" << failed.message;
    });
}

MessageRecord ChatController::newMessage(MessageRecord::Role role, const QString &parentId,
                                         const QString &content) const
{
    MessageRecord message;
    message.id = newId();
    message.conversationId = m_conversationId;
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    if (role == MessageRecord::Role::Assistant) {
        message.status = MessageRecord::Status::Pending;
        message.model = requestParameters(m_conversationId).model;
    } else {
        message.status = MessageRecord::Status::Complete;
    }
    message.createdAt = message.updatedAt = QDateTime::currentDateTimeUtc();
    return message;
}

bool ChatController::checkCanStart()
{
    if (isStreaming()) {
        Q_EMIT error(tr("A reply is still coming: stop it first."));
        return false;
    }
    if (!m_provider) {
        Q_EMIT error(tr("No provider is set up: add one in Settings."));
        return false;
    }
    // A request never leaves without a model (a server would answer with an error at best).
    if (requestParameters(m_conversationId).model.isEmpty()) {
        Q_EMIT error(tr("No model is chosen for this chat: pick one in the model box (or wait for the "
                        "server to list its models), then send again."));
        return false;
    }
    return true;
}

void ChatController::onLoaded(const QString &loadError)
{
    if (!loadError.isEmpty())
        Q_EMIT error(loadError);
    // A reply still streaming in this conversation picks up where the stream is now.
    for (const Exchange &exchange : std::as_const(m_exchanges)) {
        const int row = m_messages->rowOf(exchange.messageId);
        if (row < 0 || !exchange.stream)
            continue;
        MessageRecord message = m_messages->message(row);
        message.content = exchange.prefix + (exchange.stream->text().isEmpty() ? exchange.stream->refusal()
                                                                               : exchange.stream->text());
        message.status = exchange.stream->state() == ChatStream::State::Connecting
                             ? MessageRecord::Status::Pending
                             : MessageRecord::Status::Streaming;
        m_messages->updateMessage(message);
        m_messages->setSaveState(message.id, MessageModel::SaveState::Saving);
    }
    readOlderContext();
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

void ChatController::readOlderContext()
{
    if (m_messages->hasAllMessages() || m_messages->rowCount() == 0)
        return;
    // Requests carry the whole branch; the view only shows its newest page. Reading the rest
    // now keeps the next send from waiting on the disk.
    const QString conversationId = m_conversationId;
    const QString anchor = m_messages->message(0).id;
    onFinished(m_store->branch(conversationId, anchor, std::numeric_limits<int>::max()), this,
               [=, this](const StorageResult<QList<MessageRecord>> &older) {
                   if (conversationId != m_conversationId)
                       return;
                   if (!older.ok()) {
                       qCWarning(lcChat) << "cannot read the start of the branch:" << older.error.message
                                         << older.error.detail;
                       return;
                   }
                   m_olderContext = QList<MessageRecord>(older.value.crbegin(), older.value.crend());
                   m_olderContextAnchor = anchor;
               });
}

void ChatController::replaceBranchFrom(const QString &messageId, const QString &parentId)
{
    const QString conversationId = m_conversationId;
    onFinished(m_store->branch(conversationId, {}, MessageModel::pageSize), this,
               [=, this](const StorageResult<QList<MessageRecord>> &page) {
                   if (conversationId != m_conversationId)
                       return;
                   if (!page.ok()) {
                       Q_EMIT error(page.error.message);
                       return;
                   }
                   // The page runs from the new leaf up; what lies below the shared parent replaces
                   // the rows from `row` on, and the rows above stay where they are.
                   QList<MessageRecord> below;
                   bool reachedParent = false;
                   for (const MessageRecord &message : page.value) {
                       if (!parentId.isEmpty() && message.id == parentId) {
                           reachedParent = true;
                           break;
                       }
                       below.prepend(message);
                       if (parentId.isEmpty() && message.parentId.isEmpty()) {
                           reachedParent = true; // the branch's first message
                           break;
                       }
                   }
                   const int row = m_messages->rowOf(messageId);
                   if (row < 0)
                       return; // the view has moved on
                   if (!reachedParent) {
                       m_messages->load(conversationId); // a deep subtree: read it afresh
                       return;
                   }
                   m_messages->replaceFrom(row, below);
               });
}

void ChatController::updateStreaming()
{
    const bool streaming = isStreaming();
    if (streaming == m_streaming)
        return;
    m_streaming = streaming;
    Q_EMIT streamingChanged();
}

ChatController::Exchange *ChatController::exchangeFor(const QString &messageId)
{
    for (Exchange &exchange : m_exchanges) {
        if (exchange.messageId == messageId && exchange.stream)
            return &exchange;
    }
    return nullptr;
}
