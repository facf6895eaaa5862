// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchangerunner.h"

#include "branchcontext.h"
#include "chatlogging.h"
#include "chatrequestbuilder.h"
#include "conversationstore.h"
#include "exchangerows.h"
#include "futurecallback.h"
#include "messagemodel.h"
#include "openconversation.h"
#include "chatprovider.h"
#include "chatstream.h"
#include "replycontinuation.h"

#include <QUuid>

#include <algorithm>
#include <utility>

ExchangeRunner::ExchangeRunner(ConversationStore *store, ChatProvider *provider, MessageModel *messages,
                               OpenConversation *open, BranchContext *context, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_provider(provider)
    , m_messages(messages)
    , m_open(open)
    , m_context(context)
    , m_rows(new ExchangeRows(messages, this))
{}

ExchangeRunner::~ExchangeRunner()
{
    // Writes still held for their request are queued now: nothing typed is dropped. Replies
    // still streaming are saved as interrupted, with their text.
    const QList<Exchange *> exchanges = findChildren<Exchange *>(Qt::FindDirectChildrenOnly);
    for (Exchange *exchange : exchanges)
        exchange->abandon(m_store);
}

void ExchangeRunner::setProvider(ChatProvider *provider)
{
    m_provider = provider;
}

bool ExchangeRunner::isRunning(const QString &conversationId) const
{
    return std::any_of(m_running.cbegin(), m_running.cend(), [&](const Exchange *exchange) {
        return exchange->conversationId() == conversationId;
    });
}

bool ExchangeRunner::isRunningFor(const QString &messageId) const
{
    return std::any_of(m_running.cbegin(), m_running.cend(),
                       [&](const Exchange *exchange) { return exchange->messageId() == messageId; });
}

void ExchangeRunner::stop(const QString &conversationId)
{
    // cancel() ends the exchange at once, which takes it off the list: collect first.
    QList<QPointer<Exchange>> stopping;
    for (Exchange *exchange : std::as_const(m_running)) {
        if (exchange->conversationId() == conversationId)
            stopping.append(exchange);
    }
    for (const QPointer<Exchange> &exchange : std::as_const(stopping)) {
        if (exchange)
            exchange->cancel(); // the row shows "stopped", its text kept
    }
}

void ExchangeRunner::showRunning()
{
    for (const Exchange *exchange : std::as_const(m_running))
        m_rows->show(*exchange);
}

void ExchangeRunner::continueReply(const MessageRecord &reply)
{
    const QString conversationId = m_open->id();
    const QString messageId = reply.id;
    m_context->withBranchTo(messageId, [=, this](const QList<MessageRecord> &branch) {
        if (conversationId != m_open->id() || m_messages->rowOf(messageId) < 0 || !m_provider)
            return;
        // The row keeps its text and shows that more is coming.
        MessageRecord going = reply;
        going.status = MessageRecord::Status::Pending;
        going.finishReason.clear();
        m_messages->updateMessage(going);
        m_messages->setSaveState(messageId, MessageModel::SaveState::Saving);
        // Asked of the model shown now (the reply's own may be the server's dated name for it).
        start({reply, true, {}, {}}, ReplyContinuation::requestContext(branch, reply),
              m_open->requestParameters(conversationId).model);
    });
}

void ExchangeRunner::ask(const QList<MessageRecord> &newMessages, const MessageRecord &reply)
{
    const QString conversationId = m_open->id();
    const QString parentId = newMessages.isEmpty() ? reply.parentId : newMessages.constFirst().parentId;
    m_context->withBranchTo(parentId, [=, this](QList<MessageRecord> context) {
        context.append(newMessages);
        if (!m_provider) { // it went away while the branch was being read
            MessageRecord failed = reply;
            failed.status = MessageRecord::Status::Error;
            failed.errorText = tr("No provider is set up: add one in Settings.");
            m_messages->updateMessage(failed);
            return;
        }
        Exchange::Plan plan{reply, false, {}, newMessages};
        if (!m_open->isSaved() && conversationId == m_open->record().id) {
            // Written with the parameters as they are when the writes go: until then, a change
            // goes into the record rather than its own write.
            plan.conversation = [this, asSent = m_open->record()]() -> std::optional<ConversationRecord> {
                if (asSent.id != m_open->record().id)
                    return asSent;
                m_open->setSaved(true);
                return m_open->record();
            };
        }
        start(std::move(plan), context);
    });
}

void ExchangeRunner::start(Exchange::Plan plan, const QList<MessageRecord> &context, const QString &model)
{
    ConversationParameters parameters = m_open->requestParameters(plan.reply.conversationId);
    if (!model.isEmpty())
        parameters.model = model;
    else if (!plan.reply.model.isEmpty())
        parameters.model = plan.reply.model;
    // Stream first: the request is on its way before anything is written.
    ChatStream *stream = m_provider->streamChat(ChatRequestBuilder::build(parameters, context));
    auto *exchange = new Exchange(m_store, stream, std::move(plan), this);
    m_running.append(exchange);
    m_rows->follow(exchange);
    connect(exchange, &Exchange::ended, this,
            [this, exchange](const MessageRecord &reply) { onEnded(exchange, reply); });
    connect(exchange, &Exchange::conversationSaved, this,
            [this](const QString &id, const StorageError &failed) {
                if (!failed.isError())
                    return;
                qCWarning(lcChat) << "the conversation was not saved:" << failed.message;
                if (id == m_open->record().id)
                    m_open->setSaved(false); // retry() saves it again first
            });
    connect(exchange, &Exchange::messageSaved, this, [](const QString &, const StorageError &failed) {
        if (failed.isError())
            qCWarning(lcChat) << "a message was not saved:" << failed.message;
    });
    connect(exchange, &Exchange::finished, exchange, &QObject::deleteLater);
    Q_EMIT runningChanged();
}

void ExchangeRunner::onEnded(Exchange *exchange, const MessageRecord &reply)
{
    const ChatStream *stream = exchange->stream();
    if (exchange->isContinuation()) {
        if (stream->state() == ChatStream::State::Failed && stream->text().isEmpty() && stream->error())
            Q_EMIT error(tr("The reply could not be continued: %1").arg(stream->error()->message()));
    } else if (reply.status == MessageRecord::Status::Complete && m_unnamed.contains(reply.conversationId)) {
        nameConversation(reply);
    }
    m_running.removeAll(exchange);
    Q_EMIT runningChanged();
}
void ExchangeRunner::nameConversation(const MessageRecord &reply)
{
    // The question is the reply's parent; it is on screen unless the user moved on meanwhile.
    const int row = m_messages->rowOf(reply.parentId);
    if (row < 0 || reply.conversationId != m_open->id())
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

MessageRecord ExchangeRunner::newMessage(MessageRecord::Role role, const QString &parentId,
                                         const QString &content) const
{
    MessageRecord message;
    message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.conversationId = m_open->id();
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    if (role == MessageRecord::Role::Assistant) {
        message.status = MessageRecord::Status::Pending;
        message.model = m_open->requestParameters(m_open->id()).model;
    } else {
        message.status = MessageRecord::Status::Complete;
    }
    message.createdAt = message.updatedAt = QDateTime::currentDateTimeUtc();
    return message;
}

bool ExchangeRunner::canStart()
{
    if (isRunning(m_open->id())) {
        Q_EMIT error(tr("A reply is still coming: stop it first."));
        return false;
    }
    if (!m_provider) {
        Q_EMIT error(tr("No provider is set up: add one in Settings."));
        return false;
    }
    // A request never leaves without a model (a server would answer with an error at best).
    if (m_open->requestParameters(m_open->id()).model.isEmpty()) {
        Q_EMIT error(tr("No model is chosen for this chat: pick one in the model box (or wait for the "
                        "server to list its models), then send again."));
        return false;
    }
    return true;
}

void ExchangeRunner::saveAgain(const MessageRecord &message, bool makeCurrent)
{
    if (!m_open->isSaved()) {
        m_open->setSaved(true);
        onFinished(m_store->createConversation(m_open->record()), this,
                   [this, id = m_open->id()](const StorageError &failed) {
                       if (failed.isError() && id == m_open->record().id)
                           m_open->setSaved(false);
                   });
    }
    const QString id = message.id;
    m_messages->setSaveState(id, MessageModel::SaveState::Saving);
    onFinished(m_store->saveMessage(message, makeCurrent), this, [this, id](const StorageError &failed) {
        m_messages->setSaveState(id, failed.isError() ? MessageModel::SaveState::NotSaved
                                                      : MessageModel::SaveState::Saved);
        if (failed.isError())
            qCWarning(lcChat) << "a message was not saved:" << failed.message;
    });
}
