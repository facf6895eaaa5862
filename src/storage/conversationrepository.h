// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationquery.h"
#include "conversationrecord.h"
#include "messagerecord.h"
#include "messagerepository.h"
#include "storageresult.h"

#include <QList>

class Database;

// Conversations and messages in SQL, for either dialect. Synchronous: it runs on the storage
// thread only, where the connection lives. Writes are upserts, so a write that is retried
// after a failure does no harm. The conversations' queries are here, the messages' in
// MessageRepository, whose calls this offers too.
class ConversationRepository
{
public:
    explicit ConversationRepository(Database &db);

    // A new conversation; one that exists already is left as it is (a retried write does no harm).
    StorageError createConversation(const ConversationRecord &conversation);
    // Writes only the fields the change carries; the others keep what is stored.
    StorageError updateConversation(const ConversationChange &change);
    // Inserts the record, or replaces every field of the stored one with it: only for a record
    // that is the whole truth (an import, a test's fixture). What the app changes goes through
    // updateConversation, so that a stale copy never undoes someone else's change.
    StorageError saveConversation(const ConversationRecord &conversation);
    StorageError deleteConversation(const QString &id); // with its messages
    StorageResult<ConversationRecord> conversation(const QString &id);
    StorageResult<QList<ConversationRecord>> listConversations(const ConversationQuery &query);

    StorageError setCurrentLeaf(const QString &conversationId, const QString &messageId);

    // The messages' calls (see MessageRepository).
    StorageError saveMessage(const MessageRecord &message, bool makeCurrent = true)
    {
        return m_messages.saveMessage(message, makeCurrent);
    }
    StorageError appendStreamingText(const QString &messageId, const QString &tail,
                                     const QDateTime &previousUpdatedAt, const QDateTime &updatedAt)
    {
        return m_messages.appendStreamingText(messageId, tail, previousUpdatedAt, updatedAt);
    }
    StorageError appendStreamingPart(const QString &messageId, int position, MessagePart::Type type,
                                     const QString &tail, const QDateTime &previousUpdatedAt,
                                     const QDateTime &updatedAt)
    {
        return m_messages.appendStreamingPart(messageId, position, type, tail, previousUpdatedAt, updatedAt);
    }
    StorageResult<MessageRecord> message(const QString &id) { return m_messages.message(id); }
    StorageResult<QList<MessageRecord>> branch(const QString &conversationId, const QString &beforeId,
                                               int limit)
    {
        return m_messages.branch(conversationId, beforeId, limit);
    }
    StorageResult<QList<MessageRecord>> fullBranch(const QString &conversationId)
    {
        return m_messages.fullBranch(conversationId);
    }
    StorageResult<QList<MessageRecord>> siblings(const QString &messageId)
    {
        return m_messages.siblings(messageId);
    }
    StorageResult<QList<BranchPosition>> branchPositions(const QStringList &messageIds)
    {
        return m_messages.branchPositions(messageIds);
    }
    StorageResult<QString> latestLeafUnder(const QString &messageId)
    {
        return m_messages.latestLeafUnder(messageId);
    }

private:
    // INSERT of every column; `onConflict` says what an existing row gets ("DO NOTHING", …).
    StorageError insertConversation(const ConversationRecord &conversation, const QString &onConflict);

    Database &m_db;
    MessageRepository m_messages;
};
