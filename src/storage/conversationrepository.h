// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationquery.h"
#include "conversationrecord.h"
#include "messagerecord.h"
#include "storageresult.h"

#include <QList>

class Database;

// Conversations and messages in SQL, for either dialect. Synchronous: it runs on the storage
// thread only, where the connection lives. Writes are upserts, so a write that is retried
// after a failure does no harm.
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

    // Inserts or updates the message; the conversation's updated_at follows, and its current
    // leaf becomes this message when `makeCurrent`.
    StorageError saveMessage(const MessageRecord &message, bool makeCurrent = true);
    // Appends `tail` to the text of a message that is still streaming and moves its updated_at
    // from `previousUpdatedAt` to `updatedAt`: a reply is saved as it grows without sending,
    // indexing or notifying its whole text each time (it is indexed once it ends). Applied only
    // while updated_at is still `previousUpdatedAt`, so a write retried after it had in fact
    // committed adds nothing twice; a message that is gone or no longer streaming is left alone.
    StorageError appendStreamingText(const QString &messageId, const QString &tail,
                                     const QDateTime &previousUpdatedAt, const QDateTime &updatedAt);
    StorageError setCurrentLeaf(const QString &conversationId, const QString &messageId);
    StorageResult<MessageRecord> message(const QString &id);

    // The path from the conversation's current leaf towards the root, newest first: at most
    // `limit` messages, starting at the parent of `beforeId` when given (the next older page).
    StorageResult<QList<MessageRecord>> branch(const QString &conversationId, const QString &beforeId,
                                               int limit);
    // The whole current branch, oldest first (for show and export).
    StorageResult<QList<MessageRecord>> fullBranch(const QString &conversationId);
    // The messages that share `messageId`'s parent, oldest first (for ‹ 2/3 › switching).
    StorageResult<QList<MessageRecord>> siblings(const QString &messageId);
    // The newest message with no replies at or below `messageId`: where switching to that
    // version of the conversation leads when it has not been shown before.
    StorageResult<QString> latestLeafUnder(const QString &messageId);

private:
    // INSERT of every column; `onConflict` says what an existing row gets ("DO NOTHING", …).
    StorageError insertConversation(const ConversationRecord &conversation, const QString &onConflict);

    Database &m_db;
};
