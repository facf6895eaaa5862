// SPDX-License-Identifier: GPL-3.0-or-later
#include "branchcontext.h"

#include "chatlogging.h"
#include "conversationstore.h"
#include "futurecallback.h"
#include "messagemodel.h"

#include <algorithm>
#include <limits>
#include <utility>

BranchContext::BranchContext(ConversationStore *store, MessageModel *messages, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_messages(messages)
{}

void BranchContext::clear()
{
    m_older.clear();
    m_anchor.clear();
}

void BranchContext::withBranchTo(const QString &parentId, Ready ready)
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
    if (const int anchor = m_messages->rowOf(m_anchor); anchor >= 0 && anchor <= row) {
        QList<MessageRecord> context = m_older;
        const QList<MessageRecord> shown = m_messages->messagesUpTo(row);
        context.append(shown.mid(anchor));
        ready(std::move(context));
        return;
    }
    // The start of a long branch is neither shown nor read ahead yet: one read first.
    const QString conversationId = m_messages->conversationId();
    const QString oldest = m_messages->message(0).id;
    onFinished(m_store->branch(conversationId, oldest, std::numeric_limits<int>::max()), this,
               [=, this](const StorageResult<QList<MessageRecord>> &older) {
                   if (conversationId != m_messages->conversationId())
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

void BranchContext::readAhead()
{
    if (m_messages->hasAllMessages() || m_messages->rowCount() == 0)
        return;
    const QString conversationId = m_messages->conversationId();
    const QString anchor = m_messages->message(0).id;
    onFinished(m_store->branch(conversationId, anchor, std::numeric_limits<int>::max()), this,
               [=, this](const StorageResult<QList<MessageRecord>> &older) {
                   if (conversationId != m_messages->conversationId())
                       return;
                   if (!older.ok()) {
                       qCWarning(lcChat) << "cannot read the start of the branch:" << older.error.message
                                         << older.error.detail;
                       return;
                   }
                   m_older = QList<MessageRecord>(older.value.crbegin(), older.value.crend());
                   m_anchor = anchor;
               });
}
