// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagemodel.h"

#include "chatlogging.h"
#include "conversationstore.h"
#include "framelog.h"
#include "futurecallback.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// A page of a branch, newest first, that ends at the branch's first message.
bool reachesFirstMessage(const QList<MessageRecord> &newestFirst)
{
    return !newestFirst.isEmpty() && newestFirst.constLast().parentId.isEmpty();
}

} // namespace

MessageModel::MessageModel(ConversationStore *store, QObject *parent)
    : PagedListModel(parent)
    , m_store(store)
    , m_pendingContent(updateInterval)
    , m_pendingReasoning(updateInterval)
{
    connect(&m_pendingContent, &FrameBatcher::due, this, &MessageModel::flushContent);
    connect(&m_pendingReasoning, &FrameBatcher::due, this, &MessageModel::flushContent);
}

MessageModel::~MessageModel()
{
    releaseRows();
}

void MessageModel::releaseRows()
{
    for (Row &row : m_rows)
        row.release();
    m_rows.clear();
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return m_rows.at(index.row()).data(role);
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    return {
        {MessageIdRole, "messageId"},
        {RoleRole, "role"},
        {ContentRole, "content"},
        {BlocksRole, "blocks"},
        {StatusRole, "status"},
        {ErrorTextRole, "errorText"},
        {SaveStateRole, "saveState"},
        {ModelRole, "model"},
        {UsageRole, "usage"},
        {BranchIndexRole, "branchIndex"},
        {BranchCountRole, "branchCount"},
        {FinishReasonRole, "finishReason"},
        {ReasoningRole, "reasoning"},
        {ReasoningBlocksRole, "reasoningBlocks"},
        {ThinkingRole, "thinking"},
        {ThinkingSinceRole, "thinkingSince"},
        {ThinkingMsRole, "thinkingMs"},
        {ThinkingOpenRole, "thinkingOpen"},
        {PromptTokensRole, "promptTokens"},
        {ReplyTokensRole, "replyTokens"},
        {ReasoningTokensRole, "reasoningTokens"},
        {FirstTokenMsRole, "firstTokenMs"},
        {TokensPerSecondRole, "tokensPerSecond"},
    };
}

bool MessageModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != ThinkingOpenRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    emitChanged(index.row(), m_rows[index.row()].setThinkingOpen(value));
    return true;
}

Qt::ItemFlags MessageModel::flags(const QModelIndex &index) const
{
    return PagedListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

void MessageModel::setThinkingOpen(const QString &messageId, bool open)
{
    const int row = rowOf(messageId);
    if (row >= 0)
        setData(index(row), open, ThinkingOpenRole);
}

void MessageModel::fetchNextPage()
{
    const QString oldest = m_rows.constFirst().message.id;
    requestPage(
        Page::Next, pageSize, m_store->branch(m_conversationId, oldest, pageSize),
        [this, oldest](const QList<MessageRecord> &page) {
            if (reachesFirstMessage(page))
                setAtEnd(true);
            // Still on its way while the rows go in: a view that asks for more in between must
            // not be sent the same page again.
            if (!m_rows.isEmpty() && m_rows.constFirst().message.id == oldest)
                insertOlder(page);
            finishPage();
            readBranchInfo(page);
            Q_EMIT olderLoaded(int(page.size()));
        },
        [this](const StorageError &failure) {
            // Stop paging rather than ask again at every scroll; load() starts over.
            qCWarning(lcChat) << "cannot read older messages:" << failure.message;
            setAtEnd(true);
        });
}

bool MessageModel::readyForMore() const
{
    return !m_conversationId.isEmpty() && !m_rows.isEmpty();
}

void MessageModel::load(const QString &conversationId)
{
    if (conversationId.isEmpty()) {
        clear();
        return;
    }
    beginResetModel();
    releaseRows();
    m_pendingContent.clear();
    m_pendingReasoning.clear();
    m_conversationId = conversationId;
    startOver();
    endResetModel();

    requestPage(
        Page::First, pageSize, m_store->branch(conversationId, {}, pageSize),
        [this](const QList<MessageRecord> &page) {
            if (reachesFirstMessage(page))
                setAtEnd(true);
            insertOlder(page);
            readBranchInfo(page);
            finishPage();
            Q_EMIT loaded(QString());
        },
        [this](const StorageError &failure) {
            setAtEnd(true);
            qCWarning(lcChat) << "cannot read the conversation:" << failure.message;
            Q_EMIT loaded(failure.message);
        });
}

void MessageModel::clear()
{
    beginResetModel();
    releaseRows();
    m_pendingContent.clear();
    m_pendingReasoning.clear();
    m_conversationId.clear();
    startOver();
    setAtEnd(true);
    endResetModel();
}

void MessageModel::startConversation(const QString &conversationId)
{
    // The model already shows what it has: a new conversation has nothing older to read.
    m_conversationId = conversationId;
    setAtEnd(true);
}

int MessageModel::rowOf(const QString &messageId) const
{
    // Streams and edits touch the newest rows: look from the end.
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows.at(row).message.id == messageId)
            return int(row);
    }
    return -1;
}

MessageRecord MessageModel::message(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    // A copy of the row, so the thinking still held joins its parts as it will.
    Row copy = m_rows.at(row);
    copy.blocks = copy.reasoningBlocks = nullptr;
    copy.message.content += m_pendingContent.pending(copy.message.id);
    copy.appendReasoning(m_pendingReasoning.pending(copy.message.id));
    return copy.message;
}

QList<MessageRecord> MessageModel::messagesUpTo(int row) const
{
    QList<MessageRecord> messages;
    const int last = std::min(row, int(m_rows.size()) - 1);
    messages.reserve(last + 1);
    for (int i = 0; i <= last; ++i)
        messages.append(message(i));
    return messages;
}

MessageModel::SaveState MessageModel::saveState(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).saveState : SaveState::Saved;
}

int MessageModel::branchIndex(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).branchIndex : 0;
}

int MessageModel::branchCount(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).branchCount : 1;
}

void MessageModel::appendMessage(const MessageRecord &message, SaveState saveState, int branchIndex,
                                 int branchCount)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    Row added = Row::make(message, saveState, this);
    added.branchIndex = branchIndex;
    added.branchCount = branchCount;
    m_rows.append(std::move(added));
    endInsertRows();
}

void MessageModel::removeFrom(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, int(m_rows.size()) - 1);
    for (qsizetype i = row; i < m_rows.size(); ++i) {
        dropPending(m_rows[i].message.id);
        m_rows[i].release();
    }
    m_rows.remove(row, m_rows.size() - row);
    endRemoveRows();
}

void MessageModel::replaceFrom(int row, const QList<MessageRecord> &messages)
{
    removeFrom(row);
    if (messages.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(messages.size()) - 1);
    for (const MessageRecord &message : messages)
        m_rows.append(Row::make(message, SaveState::Saved, this));
    endInsertRows();
    readBranchInfo(messages);
}

void MessageModel::appendContent(const QString &messageId, const QString &delta)
{
    if (delta.isEmpty() || rowOf(messageId) < 0)
        return;
    m_pendingContent.add(messageId, delta);
}

void MessageModel::appendReasoning(const QString &messageId, const QString &delta)
{
    if (delta.isEmpty() || rowOf(messageId) < 0)
        return;
    m_pendingReasoning.add(messageId, delta);
}

void MessageModel::startThinking(const QString &messageId, const QDateTime &since)
{
    const int row = rowOf(messageId);
    if (row >= 0)
        emitChanged(row, m_rows[row].startThinking(since));
}

void MessageModel::endThinking(const QString &messageId, qint64 durationMs)
{
    flushContent(); // the thinking is whole before it is over
    const int row = rowOf(messageId);
    if (row >= 0)
        emitChanged(row, m_rows[row].endThinking(durationMs));
}

void MessageModel::flushContent()
{
    const auto flush = [this](FrameBatcher &batcher, QList<int> (Row::*append)(const QString &)) {
        const QHash<QString, QString> pending = batcher.take();
        for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
            const int row = rowOf(it.key());
            if (row >= 0)
                emitChanged(row, (m_rows[row].*append)(it.value()));
        }
    };
    flush(m_pendingReasoning, &Row::appendReasoning);
    flush(m_pendingContent, &Row::appendContent);
    FrameLog::handedOver();
}

void MessageModel::updateMessage(const MessageRecord &message)
{
    const int row = rowOf(message.id);
    if (row < 0)
        return;
    dropPending(message.id);
    emitChanged(row, m_rows[row].update(message));
}

void MessageModel::setSaveState(const QString &messageId, SaveState state)
{
    const int row = rowOf(messageId);
    if (row < 0 || m_rows[row].saveState == state)
        return;
    m_rows[row].saveState = state;
    emitChanged(row, {SaveStateRole});
}

void MessageModel::setBranch(const QString &messageId, int index, int count)
{
    const int row = rowOf(messageId);
    if (row < 0)
        return;
    Row &target = m_rows[row];
    if (target.branchIndex == index && target.branchCount == count)
        return;
    target.branchIndex = index;
    target.branchCount = count;
    emitChanged(row, {BranchIndexRole, BranchCountRole});
}

void MessageModel::insertOlder(const QList<MessageRecord> &newestFirst)
{
    if (newestFirst.isEmpty())
        return;
    QList<Row> rows;
    rows.reserve(newestFirst.size());
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it)
        rows.append(Row::make(*it, SaveState::Saved, this));
    beginInsertRows({}, 0, int(rows.size()) - 1);
    rows.append(std::move(m_rows));
    m_rows = std::move(rows);
    endInsertRows();
}

void MessageModel::readBranchInfo(const QList<MessageRecord> &messages)
{
    if (messages.isEmpty())
        return;
    QStringList ids;
    ids.reserve(messages.size());
    for (const MessageRecord &message : messages)
        ids.append(message.id);
    const quint64 generation = this->generation();
    onFinished(m_store->branchPositions(ids), this,
               [this, generation](const StorageResult<QList<BranchPosition>> &found) {
                   if (generation != this->generation() || !found.ok())
                       return;
                   for (const BranchPosition &position : found.value)
                       setBranch(position.messageId, position.index, position.count);
               });
}

void MessageModel::dropPending(const QString &messageId)
{
    m_pendingContent.drop(messageId);
    m_pendingReasoning.drop(messageId);
}

void MessageModel::emitChanged(int row, const QList<int> &roles)
{
    if (roles.isEmpty())
        return;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, roles);
}
