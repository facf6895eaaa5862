// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerow.h"

#include "markdownblocks.h"
#include "messagemodel.h"
#include "messageparts.h"
#include "usageline.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Roles = MessageModel::Roles;

template<typename T> QVariant known(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

// How long the model thought, by its reasoning parts; nullopt when none says.
std::optional<qint64> thinkingMsOf(const QList<MessagePart> &parts)
{
    std::optional<qint64> total;
    for (const MessagePart &part : parts) {
        if (part.type == MessagePart::Type::Reasoning && part.durationMs)
            total = total.value_or(0) + *part.durationMs;
    }
    return total;
}

// The reasoning part streamed thinking joins: the last one, or a new one before the answer.
MessagePart &streamedReasoning(QList<MessagePart> &parts)
{
    const auto last = std::find_if(parts.rbegin(), parts.rend(), [](const MessagePart &part) {
        return part.type == MessagePart::Type::Reasoning;
    });
    if (last != parts.rend())
        return *last;
    parts.prepend(MessagePart::reasoningPart({}));
    return parts.front();
}

} // namespace

MessageRow MessageRow::make(const MessageRecord &message, SaveState saveState, QObject *owner)
{
    MessageRow row;
    row.message = message;
    row.saveState = saveState;
    row.m_usage = UsageLine::of(message);
    if (message.role == MessageRecord::Role::Assistant) {
        row.blocks = new MarkdownBlocks(owner);
        row.blocks->setText(message.content);
        row.blocks->setStreaming(isUnderway(message.status));
        row.reasoningBlocks = new MarkdownBlocks(owner);
        row.readReasoning();
    }
    return row;
}

void MessageRow::release()
{
    if (blocks)
        blocks->deleteLater();
    if (reasoningBlocks)
        reasoningBlocks->deleteLater();
    blocks = reasoningBlocks = nullptr;
}

bool MessageRow::isUnderway(MessageRecord::Status status)
{
    return status == MessageRecord::Status::Pending || status == MessageRecord::Status::Streaming;
}

QString MessageRow::saveStateName(SaveState state)
{
    switch (state) {
    case SaveState::Saved:
        return u"saved"_s;
    case SaveState::Saving:
        return u"saving"_s;
    case SaveState::NotSaved:
        return u"notSaved"_s;
    }
    return {};
}

QVariant MessageRow::data(int role) const
{
    switch (role) {
    case Roles::MessageIdRole:
        return message.id;
    case Roles::RoleRole:
        return MessageRecord::roleName(message.role);
    case Qt::DisplayRole:
    case Roles::ContentRole:
        return message.content;
    case Roles::BlocksRole:
        return QVariant::fromValue(static_cast<QObject *>(blocks));
    case Roles::StatusRole:
        return MessageRecord::statusName(message.status);
    case Roles::ErrorTextRole:
        return message.errorText;
    case Roles::SaveStateRole:
        return saveStateName(saveState);
    case Roles::ModelRole:
        return message.model;
    case Roles::UsageRole:
        return m_usage;
    case Roles::BranchIndexRole:
        return branchIndex;
    case Roles::BranchCountRole:
        return branchCount;
    case Roles::FinishReasonRole:
        return message.finishReason;
    case Roles::ReasoningRole:
        return m_reasoning;
    case Roles::ReasoningBlocksRole:
        return QVariant::fromValue(static_cast<QObject *>(reasoningBlocks));
    case Roles::ThinkingRole:
        return m_thinking;
    case Roles::ThinkingSinceRole:
        return m_thinkingSince;
    case Roles::ThinkingMsRole:
        return known(m_thinkingMs);
    case Roles::ThinkingOpenRole:
        return m_thinkingOpen;
    case Roles::PromptTokensRole:
        return known(message.promptTokens);
    case Roles::ReplyTokensRole:
        return known(message.completionTokens);
    case Roles::ReasoningTokensRole:
        return known(message.reasoningTokens);
    case Roles::FirstTokenMsRole:
        return known(message.firstTokenMs);
    case Roles::TokensPerSecondRole:
        return known(message.tokensPerSecond);
    default:
        return {};
    }
}

QList<int> MessageRow::update(const MessageRecord &next)
{
    QList<int> roles;
    const auto differs = [&](auto field, int role) {
        if (message.*field != next.*field)
            roles.append(role);
    };
    if (message.content != next.content) {
        roles.append(Roles::ContentRole);
        if (blocks)
            blocks->setText(next.content);
    }
    if (message.status != next.status) {
        roles.append(Roles::StatusRole);
        if (blocks)
            blocks->setStreaming(isUnderway(next.status));
    }
    differs(&MessageRecord::errorText, Roles::ErrorTextRole);
    differs(&MessageRecord::model, Roles::ModelRole);
    differs(&MessageRecord::role, Roles::RoleRole);
    differs(&MessageRecord::finishReason, Roles::FinishReasonRole);
    differs(&MessageRecord::promptTokens, Roles::PromptTokensRole);
    differs(&MessageRecord::completionTokens, Roles::ReplyTokensRole);
    differs(&MessageRecord::reasoningTokens, Roles::ReasoningTokensRole);
    differs(&MessageRecord::firstTokenMs, Roles::FirstTokenMsRole);
    differs(&MessageRecord::tokensPerSecond, Roles::TokensPerSecondRole);
    message = next;
    const QString usage = UsageLine::of(message);
    if (usage != m_usage) {
        m_usage = usage;
        roles.append(Roles::UsageRole);
    }
    roles.append(readReasoning());
    // A reply that ended stopped thinking, however it ended.
    if (m_thinking && !isUnderway(message.status))
        roles.append(stopThinking());
    return roles;
}

QList<int> MessageRow::appendContent(const QString &delta)
{
    message.content += delta;
    if (blocks)
        blocks->appendText(delta);
    return {Roles::ContentRole};
}

QList<int> MessageRow::startThinking(const QDateTime &since)
{
    if (m_thinking || !reasoningBlocks)
        return {};
    m_thinking = true;
    m_thinkingSince = since;
    reasoningBlocks->setStreaming(true);
    return {Roles::ThinkingRole, Roles::ThinkingSinceRole};
}

QList<int> MessageRow::appendReasoning(const QString &delta)
{
    if (delta.isEmpty() || message.role != MessageRecord::Role::Assistant)
        return {};
    streamedReasoning(message.parts).text += delta;
    m_reasoning = MessageParts::reasoningText(message.parts);
    if (reasoningBlocks)
        reasoningBlocks->appendText(delta);
    return {Roles::ReasoningRole};
}

QList<int> MessageRow::endThinking(qint64 durationMs)
{
    if (message.role != MessageRecord::Role::Assistant)
        return {};
    QList<int> roles = stopThinking();
    if (!m_reasoning.isEmpty() && !thinkingMsOf(message.parts))
        streamedReasoning(message.parts).durationMs = durationMs;
    const std::optional<qint64> thought = thinkingMsOf(message.parts);
    if (thought != m_thinkingMs) {
        m_thinkingMs = thought;
        roles.append(Roles::ThinkingMsRole);
    }
    return roles;
}

QList<int> MessageRow::setThinkingOpen(const QVariant &open)
{
    const QVariant value = open.isValid() ? QVariant(open.toBool()) : QVariant();
    if (value == m_thinkingOpen)
        return {};
    m_thinkingOpen = value;
    return {Roles::ThinkingOpenRole};
}

QList<int> MessageRow::stopThinking()
{
    if (!m_thinking)
        return {};
    m_thinking = false;
    if (reasoningBlocks)
        reasoningBlocks->setStreaming(false);
    return {Roles::ThinkingRole};
}

QList<int> MessageRow::readReasoning()
{
    QList<int> roles;
    const QString reasoning = MessageParts::reasoningText(message.parts);
    if (reasoning != m_reasoning) {
        m_reasoning = reasoning;
        if (reasoningBlocks)
            reasoningBlocks->setText(reasoning);
        roles.append(Roles::ReasoningRole);
    }
    const std::optional<qint64> thought = thinkingMsOf(message.parts);
    if (thought != m_thinkingMs) {
        m_thinkingMs = thought;
        roles.append(Roles::ThinkingMsRole);
    }
    return roles;
}
