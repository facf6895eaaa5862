// SPDX-License-Identifier: GPL-3.0-or-later
#include "branchnavigator.h"

#include "conversationstore.h"
#include "futurecallback.h"
#include "messagemodel.h"

#include <algorithm>

BranchNavigator::BranchNavigator(ConversationStore *store, MessageModel *messages, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_messages(messages)
{}

BranchNavigator::Place BranchNavigator::branchOff(int row)
{
    const int count = m_messages->branchCount(row);
    m_lastLeaf.insert(m_messages->message(row).id, lastShownLeaf());
    m_messages->removeFrom(row);
    return {count, count + 1};
}

QString BranchNavigator::lastShownLeaf() const
{
    return m_messages->message(m_messages->rowCount() - 1).id;
}

void BranchNavigator::switchBranch(const QString &messageId, int delta)
{
    const int row = m_messages->rowOf(messageId);
    if (row < 0 || delta == 0)
        return;
    const QString conversationId = m_messages->conversationId();
    const QString leaving = lastShownLeaf();
    const QString parentId = m_messages->message(row).parentId;
    onFinished(m_store->siblings(messageId), this,
               [=, this](const StorageResult<QList<MessageRecord>> &found) {
                   if (conversationId != m_messages->conversationId())
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
                                  if (conversationId != m_messages->conversationId())
                                      return;
                                  if (!newest.ok()) {
                                      Q_EMIT error(newest.error.message);
                                      return;
                                  }
                                  showBranchAt(conversationId, newest.value, messageId, parentId);
                              });
               });
}

void BranchNavigator::showBranchAt(const QString &conversationId, const QString &leafId,
                                   const QString &messageId, const QString &parentId)
{
    onFinished(m_store->setCurrentLeaf(conversationId, leafId), this, [=, this](const StorageError &failed) {
        if (conversationId != m_messages->conversationId())
            return;
        if (failed.isError()) {
            Q_EMIT error(failed.message);
            return;
        }
        replaceBranchFrom(conversationId, messageId, parentId);
    });
}

void BranchNavigator::replaceBranchFrom(const QString &conversationId, const QString &messageId,
                                        const QString &parentId)
{
    onFinished(m_store->branch(conversationId, {}, MessageModel::pageSize), this,
               [=, this](const StorageResult<QList<MessageRecord>> &page) {
                   if (conversationId != m_messages->conversationId())
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
