// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerepository.h"

#include "database.h"
#include "messageparts.h"
#include "recordrows.h"
#include "sqlvalues.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

using namespace RecordRows;
using namespace SqlValues;

MessageRepository::MessageRepository(Database &db)
    : m_db(db)
    , m_parts(db)
{}

StorageError MessageRepository::saveMessage(const MessageRecord &message, bool makeCurrent)
{
    if (message.id.isEmpty() || message.conversationId.isEmpty())
        return invalid(QStringLiteral("cannot save a message without an id and a conversation"));

    const bool sqlite = m_db.dialect() == Database::Dialect::Sqlite;
    const qint64 created = millis(message.createdAt);
    const qint64 updated = message.updatedAt.isValid() ? millis(message.updatedAt) : created;
    // Only a message being streamed has a writer: crash recovery looks for it.
    const bool streaming = message.status == MessageRecord::Status::Streaming;
    // Every stored message has parts, and its content is their text.
    const QList<MessagePart> parts = MessagePartRepository::storedParts(message);
    const QString content = MessageParts::joinedText(parts);

    return m_db.transaction([&]() -> StorageError {
        // Written first so the transaction takes the write lock at once (no read-to-write upgrade,
        // which SQLite cannot wait for), and so a missing conversation is reported as such.
        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral("UPDATE conversations SET updated_at = %1(updated_at, ?),"
                                     " current_leaf_id = CASE WHEN ? THEN ? ELSE current_leaf_id END"
                                     " WHERE id = ?")
                          .arg(sqlite ? QStringLiteral("max") : QStringLiteral("GREATEST")));
        query.addBindValue(updated);
        query.addBindValue(makeCurrent);
        query.addBindValue(message.id);
        query.addBindValue(message.conversationId);
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot save the message"));
        if (query.numRowsAffected() == 0)
            return notFound(QStringLiteral("cannot save the message: its conversation no longer exists"));

        // A message keeps its conversation and its place in the tree; everything else follows
        // the newest write.
        query.prepare(QStringLiteral(
            "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, error_text, model,"
            " finish_reason, prompt_tokens, completion_tokens, total_tokens, created_at, updated_at, "
            "writer_id, reasoning_tokens, first_token_ms, tokens_per_second)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET"
            " role = excluded.role,"
            " content = excluded.content,"
            " status = excluded.status,"
            " error_text = excluded.error_text,"
            " model = excluded.model,"
            " finish_reason = excluded.finish_reason,"
            " prompt_tokens = excluded.prompt_tokens,"
            " completion_tokens = excluded.completion_tokens,"
            " total_tokens = excluded.total_tokens,"
            " updated_at = excluded.updated_at,"
            " writer_id = excluded.writer_id,"
            " reasoning_tokens = excluded.reasoning_tokens,"
            " first_token_ms = excluded.first_token_ms,"
            " tokens_per_second = excluded.tokens_per_second"));
        query.addBindValue(message.id);
        query.addBindValue(message.conversationId);
        query.addBindValue(nullableText(message.parentId));
        query.addBindValue(MessageRecord::roleName(message.role));
        query.addBindValue(text(content));
        query.addBindValue(MessageRecord::statusName(message.status));
        query.addBindValue(text(message.errorText));
        query.addBindValue(text(message.model));
        query.addBindValue(text(message.finishReason));
        query.addBindValue(nullableInteger(message.promptTokens));
        query.addBindValue(nullableInteger(message.completionTokens));
        query.addBindValue(nullableInteger(message.totalTokens));
        query.addBindValue(created);
        query.addBindValue(updated);
        query.addBindValue(streaming ? nullableText(message.writerId) : nullableText(QString()));
        query.addBindValue(nullableInteger(message.reasoningTokens));
        query.addBindValue(nullableInteger(message.firstTokenMs));
        query.addBindValue(nullableDouble(message.tokensPerSecond));
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot save the message"));
        return m_parts.replaceParts(message.id, parts);
    });
}

StorageError MessageRepository::appendStreamingText(const QString &messageId, const QString &tail,
                                                    const QDateTime &previousUpdatedAt,
                                                    const QDateTime &updatedAt)
{
    // Read before the write's transaction, which must start with a write (see saveMessage); only
    // this stream's writer adds parts to the message meanwhile.
    const StorageResult<int> position = m_parts.textPosition(messageId);
    if (position.error.isError())
        return position.error;
    return appendStreamingPart(messageId, position.value, MessagePart::Type::Text, tail, previousUpdatedAt,
                               updatedAt);
}

StorageError MessageRepository::appendStreamingPart(const QString &messageId, int position,
                                                    MessagePart::Type type, const QString &tail,
                                                    const QDateTime &previousUpdatedAt,
                                                    const QDateTime &updatedAt)
{
    if (position < 0)
        return invalid(QStringLiteral("cannot save the reply: a part's position is never negative"));
    const bool isText = type == MessagePart::Type::Text;
    return m_db.transaction([&]() -> StorageError {
        // The message first: it takes the write lock at once, and says whether this append is
        // still to be made (a retry of one that committed finds updated_at moved on).
        QSqlQuery query(m_db.connection());
        if (isText) {
            // A text part that starts after another one's text is joined to it by a blank line,
            // as MessageParts::joinedText does.
            query.prepare(QStringLiteral(
                "UPDATE messages SET content = content || CASE WHEN content <> '' AND NOT EXISTS"
                " (SELECT 1 FROM message_parts p WHERE p.message_id = messages.id AND p.position = ?"
                " AND p.text <> '') THEN CAST(? AS TEXT) ELSE '' END || CAST(? AS TEXT), updated_at = ?"
                " WHERE id = ? AND updated_at = ? AND status = 'streaming'"));
            query.addBindValue(position);
            query.addBindValue(tail.isEmpty() ? QStringLiteral("") : QStringLiteral("\n\n"));
            query.addBindValue(text(tail));
        } else {
            query.prepare(QStringLiteral("UPDATE messages SET updated_at = ?"
                                         " WHERE id = ? AND updated_at = ? AND status = 'streaming'"));
        }
        query.addBindValue(millis(updatedAt));
        query.addBindValue(messageId);
        query.addBindValue(millis(previousUpdatedAt));
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot save the reply"));
        if (query.numRowsAffected() == 0)
            return {};
        return m_parts.appendToPart(messageId, position, type, tail);
    });
}

StorageResult<MessageRecord> MessageRepository::message(const QString &id)
{
    StorageResult<MessageRecord> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM messages m WHERE m.id = ?").arg(messageColumns));
    query.addBindValue(id);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the message"));
        return result;
    }
    if (!query.next()) {
        result.error = notFound(QStringLiteral("the message does not exist (it may have been deleted)"));
        return result;
    }
    QList<MessageRecord> one{messageFrom(query)};
    query.finish();
    if (StorageError error = m_parts.readInto(one); error.isError()) {
        result.error = error;
        return result;
    }
    result.value = one.takeFirst();
    return result;
}

StorageResult<QList<MessageRecord>> MessageRepository::messagesFrom(QSqlQuery &query, const QString &what)
{
    StorageResult<QList<MessageRecord>> result;
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, what);
        return result;
    }
    while (query.next())
        result.value.append(messageFrom(query));
    query.finish();
    if (StorageError error = m_parts.readInto(result.value); error.isError()) {
        result.error = error;
        result.value.clear();
    }
    return result;
}

StorageResult<QList<MessageRecord>> MessageRepository::branch(const QString &conversationId,
                                                              const QString &beforeId, int limit)
{
    StorageResult<QList<MessageRecord>> result;
    if (limit <= 0)
        return result;

    // The walk carries its depth and stops at `limit`, so a page costs `limit` primary-key
    // lookups however long the conversation is; it also cannot loop on a damaged parent chain.
    const QString start =
        beforeId.isEmpty()
            ? QStringLiteral("(SELECT current_leaf_id FROM conversations WHERE id = ?)")
            : QStringLiteral("(SELECT parent_id FROM messages WHERE id = ? AND conversation_id = ?)");
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("WITH RECURSIVE path (id, parent_id, depth) AS ("
                                 " SELECT m.id, m.parent_id, 1 FROM messages m"
                                 " WHERE m.id = %1 AND m.conversation_id = ?"
                                 " UNION ALL"
                                 " SELECT m.id, m.parent_id, path.depth + 1 FROM path"
                                 " JOIN messages m ON m.id = path.parent_id"
                                 " WHERE path.depth < ? AND m.conversation_id = ?)"
                                 " SELECT %2 FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth")
                      .arg(start, messageColumns));
    if (beforeId.isEmpty()) {
        query.addBindValue(conversationId);
    } else {
        query.addBindValue(beforeId);
        query.addBindValue(conversationId);
    }
    query.addBindValue(conversationId);
    query.addBindValue(limit);
    query.addBindValue(conversationId);
    return messagesFrom(query, QStringLiteral("cannot read the conversation's messages"));
}

StorageResult<QList<MessageRecord>> MessageRepository::fullBranch(const QString &conversationId)
{
    StorageResult<QList<MessageRecord>> result;
    // No branch is longer than the conversation has messages: that bounds the walk.
    QSqlQuery count(m_db.connection());
    count.setForwardOnly(true);
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = ?"));
    count.addBindValue(conversationId);
    if (!count.exec() || !count.next()) {
        result.error = m_db.errorFrom(count, QStringLiteral("cannot read the conversation's messages"));
        return result;
    }
    const qint64 messages = count.value(0).toLongLong();
    if (messages == 0)
        return result;
    result =
        branch(conversationId, QString(), int(std::min<qint64>(messages, std::numeric_limits<int>::max())));
    std::reverse(result.value.begin(), result.value.end());
    return result;
}

StorageResult<QList<MessageRecord>> MessageRepository::siblings(const QString &messageId)
{
    StorageResult<QList<MessageRecord>> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT conversation_id, parent_id FROM messages WHERE id = ?"));
    query.addBindValue(messageId);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the message's alternatives"));
        return result;
    }
    if (!query.next()) {
        result.error = notFound(QStringLiteral("the message does not exist (it may have been deleted)"));
        return result;
    }
    const QString conversationId = query.value(0).toString();
    const QString parentId = query.value(1).toString();
    query.finish();

    // Roots share no parent row: they are the conversation's messages without a parent.
    if (parentId.isEmpty()) {
        query.prepare(
            QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND m.parent_id IS NULL"
                           " ORDER BY m.created_at, m.id")
                .arg(messageColumns));
        query.addBindValue(conversationId);
    } else {
        query.prepare(
            QStringLiteral("SELECT %1 FROM messages m WHERE m.parent_id = ? AND m.conversation_id = ?"
                           " ORDER BY m.created_at, m.id")
                .arg(messageColumns));
        query.addBindValue(parentId);
        query.addBindValue(conversationId);
    }
    return messagesFrom(query, QStringLiteral("cannot read the message's alternatives"));
}

StorageResult<QString> MessageRepository::latestLeafUnder(const QString &messageId)
{
    StorageResult<QString> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    // UNION, not UNION ALL: a message seen before is not walked again, so a cycle in parent_id
    // (a damaged or hand-edited history) ends the walk instead of looping. A cycle has no leaf:
    // then the newest message of the walk stands for it.
    query.prepare(
        QStringLiteral("WITH RECURSIVE below (id) AS ("
                       " SELECT id FROM messages WHERE id = ?"
                       " UNION"
                       " SELECT m.id FROM messages m JOIN below ON m.parent_id = below.id)"
                       " SELECT m.id FROM below JOIN messages m ON m.id = below.id"
                       " ORDER BY CASE WHEN EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)"
                       " THEN 1 ELSE 0 END, m.created_at DESC, m.id DESC LIMIT 1"));
    query.addBindValue(messageId);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the conversation's versions"));
        return result;
    }
    if (!query.next()) {
        result.error = notFound(QStringLiteral("the message does not exist (it may have been deleted)"));
        return result;
    }
    result.value = query.value(0).toString();
    return result;
}

StorageResult<QList<BranchPosition>> MessageRepository::branchPositions(const QStringList &messageIds)
{
    StorageResult<QList<BranchPosition>> result;
    // A page is one query; a longer list goes in slices that stay far below either server's
    // limit on bound values (each id is bound twice).
    constexpr qsizetype slice = 200;
    for (qsizetype first = 0; first < messageIds.size(); first += slice) {
        const QStringList ids = messageIds.mid(first, slice);
        const QString placeholders = QStringList(ids.size(), QStringLiteral("?")).join(u", ");
        // Each arm joins a message to its siblings through an index: children of the same
        // parent (messages_parent), or the conversation's roots (messages_conversation). The
        // position counts the siblings before it in the order siblings() gives.
        const QString arm =
            QStringLiteral("SELECT t.id, COUNT(*), SUM(CASE WHEN s.created_at < t.created_at"
                           " OR (s.created_at = t.created_at AND s.id < t.id) THEN 1 ELSE 0 END)"
                           " FROM messages t JOIN messages s ON %1"
                           " WHERE t.id IN (%2)%3 GROUP BY t.id");
        QSqlQuery query(m_db.connection());
        query.setForwardOnly(true);
        query.prepare(
            arm.arg(QStringLiteral("s.parent_id = t.parent_id AND s.conversation_id = t.conversation_id"),
                    placeholders, QString()) +
            QStringLiteral(" UNION ALL ") +
            arm.arg(QStringLiteral("s.conversation_id = t.conversation_id AND s.parent_id IS NULL"),
                    placeholders, QStringLiteral(" AND t.parent_id IS NULL")));
        for (int pass = 0; pass < 2; ++pass) {
            for (const QString &id : ids)
                query.addBindValue(id);
        }
        if (!query.exec()) {
            result.error = m_db.errorFrom(query, QStringLiteral("cannot read the messages' alternatives"));
            result.value.clear();
            return result;
        }
        while (query.next())
            result.value.append({query.value(0).toString(), query.value(2).toInt(), query.value(1).toInt()});
    }
    return result;
}
