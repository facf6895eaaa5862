// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "branchposition.h"
#include "messagepartrepository.h"
#include "messagerecord.h"
#include "storageresult.h"

#include <QList>
#include <QStringList>

class Database;
class QSqlQuery;

// Messages and the tree they form, in SQL, for either dialect. Synchronous: it runs on the
// storage thread only, where the connection lives. ConversationRepository offers these calls
// beside the conversations' own.
class MessageRepository
{
public:
    explicit MessageRepository(Database &db);

    // Inserts or updates the message; the conversation's updated_at follows, and its current
    // leaf becomes this message when `makeCurrent`. Its parts replace the stored ones and its
    // content is their text (MessagePartRepository::storedParts says which when they disagree).
    StorageError saveMessage(const MessageRecord &message, bool makeCurrent = true);
    // Appends `tail` to the text of a message that is still streaming and moves its updated_at
    // from `previousUpdatedAt` to `updatedAt`: a reply is saved as it grows without sending,
    // indexing or notifying its whole text each time (it is indexed once it ends). Applied only
    // while updated_at is still `previousUpdatedAt`, so a write retried after it had in fact
    // committed adds nothing twice; a message that is gone or no longer streaming is left alone.
    // The tail goes to the message's last part when that is text, else to a new text part.
    StorageError appendStreamingText(const QString &messageId, const QString &tail,
                                     const QDateTime &previousUpdatedAt, const QDateTime &updatedAt);
    // The same for part `position` (made, of `type`, when the message has no such part yet); a
    // text part's tail extends the content too, after a blank line when it starts a new text part.
    StorageError appendStreamingPart(const QString &messageId, int position, MessagePart::Type type,
                                     const QString &tail, const QDateTime &previousUpdatedAt,
                                     const QDateTime &updatedAt);
    StorageResult<MessageRecord> message(const QString &id);

    // The path from the conversation's current leaf towards the root, newest first: at most
    // `limit` messages, starting at the parent of `beforeId` when given (the next older page).
    StorageResult<QList<MessageRecord>> branch(const QString &conversationId, const QString &beforeId,
                                               int limit);
    // The whole current branch, oldest first (for show and export).
    StorageResult<QList<MessageRecord>> fullBranch(const QString &conversationId);
    // The messages that share `messageId`'s parent, oldest first (for ‹ 2/3 › switching).
    StorageResult<QList<MessageRecord>> siblings(const QString &messageId);
    // Each message's place among its siblings and how many there are, as siblings() orders
    // them, for a page of messages in one query; ids that name no message are left out.
    StorageResult<QList<BranchPosition>> branchPositions(const QStringList &messageIds);
    // The newest message with no replies at or below `messageId`: where switching to that
    // version of the conversation leads when it has not been shown before.
    StorageResult<QString> latestLeafUnder(const QString &messageId);

private:
    // Reads the messages a query selected (messageColumns), with their parts.
    StorageResult<QList<MessageRecord>> messagesFrom(QSqlQuery &query, const QString &what);

    Database &m_db;
    MessagePartRepository m_parts;
};
