// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchangerows.h"

#include "exchange.h"
#include "messagemodel.h"

#include <algorithm>

ExchangeRows::ExchangeRows(MessageModel *messages, QObject *parent)
    : QObject(parent)
    , m_messages(messages)
{}

void ExchangeRows::follow(Exchange *exchange)
{
    const QString id = exchange->messageId();
    connect(exchange, &Exchange::started, this, [this, id] {
        MessageRecord message = m_messages->message(m_messages->rowOf(id));
        if (message.id.isEmpty())
            return;
        message.status = MessageRecord::Status::Streaming;
        m_messages->updateMessage(message);
    });
    connect(exchange, &Exchange::reasoningAppended, this, [this, id](const QString &delta) {
        if (!m_thinkingSince.contains(id)) {
            const QDateTime since = QDateTime::currentDateTimeUtc();
            m_thinkingSince.insert(id, since);
            m_messages->startThinking(id, since);
        }
        m_messages->appendReasoning(id, delta);
    });
    connect(exchange, &Exchange::thinkingEnded, this, [this, id](qint64 durationMs) {
        m_thinkingSince.remove(id);
        m_messages->endThinking(id, durationMs);
    });
    connect(exchange, &Exchange::appended, this,
            [this, id](const QString &delta) { m_messages->appendContent(id, delta); });
    connect(exchange, &Exchange::rewritten, this, [this, exchange] {
        MessageRecord message = m_messages->message(m_messages->rowOf(exchange->messageId()));
        if (message.id.isEmpty())
            return;
        message.content = exchange->text();
        m_messages->updateMessage(message);
    });
    connect(exchange, &Exchange::ended, this, [this](const MessageRecord &reply) {
        m_thinkingSince.remove(reply.id);
        m_messages->flushContent();
        m_messages->updateMessage(reply);
    });
    connect(exchange, &Exchange::messageSaved, this,
            [this](const QString &messageId, const StorageError &failed) {
                m_messages->setSaveState(messageId, failed.isError() ? MessageModel::SaveState::NotSaved
                                                                     : MessageModel::SaveState::Saved);
            });
}

void ExchangeRows::show(const Exchange &exchange)
{
    MessageRecord message = m_messages->message(m_messages->rowOf(exchange.messageId()));
    if (message.id.isEmpty() || !exchange.isActive())
        return;
    message.content = exchange.text();
    // The thinking as the exchange has it (the stored parts may lag behind), before the answer.
    const auto oldReasoning =
        std::find_if(message.parts.begin(), message.parts.end(),
                     [](const MessagePart &part) { return part.type == MessagePart::Type::Reasoning; });
    const std::optional<qint64> thought =
        oldReasoning == message.parts.end() ? std::nullopt : oldReasoning->durationMs;
    message.parts.removeIf([](const MessagePart &part) { return part.type == MessagePart::Type::Reasoning; });
    if (!exchange.reasoning().isEmpty())
        message.parts.prepend(MessagePart::reasoningPart(exchange.reasoning(), thought));
    message.status =
        exchange.isConnecting() ? MessageRecord::Status::Pending : MessageRecord::Status::Streaming;
    m_messages->updateMessage(message);
    if (const auto since = m_thinkingSince.constFind(message.id); since != m_thinkingSince.cend())
        m_messages->startThinking(message.id, *since);
    m_messages->setSaveState(message.id, MessageModel::SaveState::Saving);
}
