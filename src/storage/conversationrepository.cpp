// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"

#include "database.h"
#include "sqlvalues.h"
#include "storagelogging.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

using namespace SqlValues;

namespace {

const QString conversationColumns = QStringLiteral("id, title, created_at, updated_at, pinned, archived, "
                                                   "provider_profile, model, system_prompt, current_leaf_id, "
                                                   "temperature, top_p, max_tokens");

// Qualified with the alias "m" so the same list serves the recursive queries.
const QString messageColumns =
    QStringLiteral("m.id, m.conversation_id, m.parent_id, m.role, m.content, m.status, m.error_text, m.model,"
                   " m.finish_reason, m.prompt_tokens, m.completion_tokens, m.total_tokens, m.created_at,"
                   " m.updated_at, m.writer_id");

// Reads the columns of `conversationColumns` (and, when present, a message count after them).
ConversationRecord conversationFrom(const QSqlQuery &query, bool withCount)
{
    ConversationRecord record;
    record.id = query.value(0).toString();
    record.title = textFrom(query.value(1));
    record.createdAt = utc(query.value(2).toLongLong());
    record.updatedAt = utc(query.value(3).toLongLong());
    record.pinned = query.value(4).toBool();
    record.archived = query.value(5).toBool();
    record.providerProfile = textFrom(query.value(6));
    record.model = textFrom(query.value(7));
    record.systemPrompt = textFrom(query.value(8));
    record.currentLeafId = query.value(9).toString();
    record.temperature = optionalDouble(query.value(10));
    record.topP = optionalDouble(query.value(11));
    if (const std::optional<qint64> maxTokens = optionalInteger(query.value(12)))
        record.maxTokens = int(std::clamp<qint64>(*maxTokens, 0, std::numeric_limits<int>::max()));
    if (withCount)
        record.messageCount = query.value(13).toLongLong();
    return record;
}

MessageRecord messageFrom(const QSqlQuery &query)
{
    MessageRecord record;
    record.id = query.value(0).toString();
    record.conversationId = query.value(1).toString();
    record.parentId = query.value(2).toString();
    const QString role = query.value(3).toString();
    if (const auto known = MessageRecord::roleFromName(role))
        record.role = *known;
    else
        qCWarning(lcStorage) << "message" << record.id << "has an unknown role" << role;
    record.content = textFrom(query.value(4));
    const QString status = query.value(5).toString();
    if (const auto known = MessageRecord::statusFromName(status))
        record.status = *known;
    else
        qCWarning(lcStorage) << "message" << record.id << "has an unknown status" << status;
    record.errorText = textFrom(query.value(6));
    record.model = textFrom(query.value(7));
    record.finishReason = textFrom(query.value(8));
    record.promptTokens = optionalInteger(query.value(9));
    record.completionTokens = optionalInteger(query.value(10));
    record.totalTokens = optionalInteger(query.value(11));
    record.createdAt = utc(query.value(12).toLongLong());
    record.updatedAt = utc(query.value(13).toLongLong());
    record.writerId = query.value(14).toString();
    return record;
}

StorageError notFound(const QString &message)
{
    return {StorageError::Kind::NotFound, message, {}};
}

StorageError invalid(const QString &message)
{
    return {StorageError::Kind::Invalid, message, {}};
}

} // namespace

ConversationRepository::ConversationRepository(Database &db)
    : m_db(db)
{}

StorageError ConversationRepository::saveConversation(const ConversationRecord &conversation)
{
    // updated_at never goes back (a rename must not undo the bump a newer message gave it), and
    // an empty current leaf keeps the stored one: a stale record does not lose the branch.
    const bool sqlite = m_db.dialect() == Database::Dialect::Sqlite;
    return insertConversation(
        conversation, QStringLiteral("DO UPDATE SET"
                                     " title = excluded.title,"
                                     " updated_at = %1(conversations.updated_at, excluded.updated_at),"
                                     " pinned = excluded.pinned,"
                                     " archived = excluded.archived,"
                                     " provider_profile = excluded.provider_profile,"
                                     " model = excluded.model,"
                                     " system_prompt = excluded.system_prompt,"
                                     " current_leaf_id = COALESCE(excluded.current_leaf_id,"
                                     " conversations.current_leaf_id),"
                                     " temperature = excluded.temperature,"
                                     " top_p = excluded.top_p,"
                                     " max_tokens = excluded.max_tokens")
                          .arg(sqlite ? QStringLiteral("max") : QStringLiteral("GREATEST")));
}

StorageError ConversationRepository::createConversation(const ConversationRecord &conversation)
{
    return insertConversation(conversation, QStringLiteral("DO NOTHING"));
}

StorageError ConversationRepository::insertConversation(const ConversationRecord &conversation,
                                                        const QString &onConflict)
{
    if (conversation.id.isEmpty())
        return invalid(QStringLiteral("cannot save a conversation without an id"));
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO conversations (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (id) %2")
            .arg(conversationColumns, onConflict));
    const qint64 created = millis(conversation.createdAt);
    query.addBindValue(conversation.id);
    query.addBindValue(text(conversation.title));
    query.addBindValue(created);
    query.addBindValue(conversation.updatedAt.isValid() ? millis(conversation.updatedAt) : created);
    query.addBindValue(conversation.pinned);
    query.addBindValue(conversation.archived);
    query.addBindValue(text(conversation.providerProfile));
    query.addBindValue(text(conversation.model));
    query.addBindValue(text(conversation.systemPrompt));
    query.addBindValue(nullableText(conversation.currentLeafId));
    query.addBindValue(nullableDouble(conversation.temperature));
    query.addBindValue(nullableDouble(conversation.topP));
    query.addBindValue(conversation.maxTokens ? QVariant(*conversation.maxTokens)
                                              : QVariant(QMetaType::fromType<int>()));
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot save the conversation"));
    return {};
}

StorageError ConversationRepository::updateConversation(const ConversationChange &change)
{
    if (change.id.isEmpty())
        return invalid(QStringLiteral("cannot change a conversation without an id"));
    const QStringList assignments = change.assignments();
    if (assignments.isEmpty())
        return {};
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE conversations SET %1 WHERE id = ?")
                      .arg(assignments.join(QStringLiteral(", "))));
    const QList<QVariant> values = change.values();
    for (const QVariant &value : values)
        query.addBindValue(value);
    query.addBindValue(change.id);
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot save the change to the conversation"));
    if (query.numRowsAffected() == 0)
        return notFound(QStringLiteral("cannot save the change: the conversation no longer exists"));
    return {};
}

StorageError ConversationRepository::deleteConversation(const QString &id)
{
    // The messages go by ON DELETE CASCADE; deleting them first as well keeps that true even on a
    // SQLite connection opened without foreign keys. Deleting what is gone is no error: a retried
    // delete must succeed.
    return m_db.transaction([&]() -> StorageError {
        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id = ?"));
        query.addBindValue(id);
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot delete the conversation"));
        query.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
        query.addBindValue(id);
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot delete the conversation"));
        return {};
    });
}

StorageResult<ConversationRecord> ConversationRepository::conversation(const QString &id)
{
    StorageResult<ConversationRecord> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)"
                                 " FROM conversations c WHERE c.id = ?")
                      .arg(conversationColumns));
    query.addBindValue(id);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the conversation"));
        return result;
    }
    if (!query.next()) {
        result.error = notFound(QStringLiteral("the conversation does not exist (it may have been deleted)"));
        return result;
    }
    result.value = conversationFrom(query, true);
    return result;
}

StorageResult<QList<ConversationRecord>>
ConversationRepository::listConversations(const ConversationQuery &query)
{
    StorageResult<QList<ConversationRecord>> result;
    const int limit = query.limit;
    if (limit <= 0)
        return result;

    QList<bool> archivedValues;
    switch (query.archived) {
    case ConversationQuery::Archived::Hidden:
        archivedValues = {false};
        break;
    case ConversationQuery::Archived::Only:
        archivedValues = {true};
        break;
    case ConversationQuery::Archived::Included:
        archivedValues = {false, true};
        break;
    }

    // One index range scan of conversations_list per archived value, each stopping after `limit`
    // rows, merged; the message counts are then counted for the page only (messages_conversation).
    // The keyset is a row-value comparison, which both SQLite and PostgreSQL use as an index bound.
    const QString keyset =
        query.afterSet ? QStringLiteral(" AND (pinned, updated_at, id) < (?, ?, ?)") : QString();
    QStringList arms;
    for (qsizetype i = 0; i < archivedValues.size(); ++i) {
        arms.append(QStringLiteral("SELECT * FROM (SELECT %1 FROM conversations WHERE archived = ?%2"
                                   " ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?) arm%3")
                        .arg(conversationColumns, keyset)
                        .arg(i));
    }
    QSqlQuery sql(m_db.connection());
    sql.setForwardOnly(true);
    sql.prepare(QStringLiteral("SELECT c.id, c.title, c.created_at, c.updated_at, c.pinned, c.archived,"
                               " c.provider_profile, c.model, c.system_prompt, c.current_leaf_id,"
                               " c.temperature, c.top_p, c.max_tokens,"
                               " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)"
                               " FROM (%1) c ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT ?")
                    .arg(arms.join(QStringLiteral(" UNION ALL "))));
    for (const bool archived : archivedValues) {
        sql.addBindValue(archived);
        if (query.afterSet) {
            sql.addBindValue(query.afterPinned);
            sql.addBindValue(millis(query.afterUpdatedAt));
            sql.addBindValue(text(query.afterId));
        }
        sql.addBindValue(limit);
    }
    sql.addBindValue(limit);
    if (!sql.exec()) {
        result.error = m_db.errorFrom(sql, QStringLiteral("cannot list the conversations"));
        return result;
    }
    while (sql.next())
        result.value.append(conversationFrom(sql, true));
    return result;
}

StorageError ConversationRepository::saveMessage(const MessageRecord &message, bool makeCurrent)
{
    if (message.id.isEmpty() || message.conversationId.isEmpty())
        return invalid(QStringLiteral("cannot save a message without an id and a conversation"));

    const bool sqlite = m_db.dialect() == Database::Dialect::Sqlite;
    const qint64 created = millis(message.createdAt);
    const qint64 updated = message.updatedAt.isValid() ? millis(message.updatedAt) : created;
    // Only a message being streamed has a writer: crash recovery looks for it.
    const bool streaming = message.status == MessageRecord::Status::Streaming;

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
            "writer_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
            " writer_id = excluded.writer_id"));
        query.addBindValue(message.id);
        query.addBindValue(message.conversationId);
        query.addBindValue(nullableText(message.parentId));
        query.addBindValue(MessageRecord::roleName(message.role));
        query.addBindValue(text(message.content));
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
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot save the message"));
        return {};
    });
}

StorageError ConversationRepository::appendStreamingText(const QString &messageId, const QString &tail,
                                                         const QDateTime &previousUpdatedAt,
                                                         const QDateTime &updatedAt)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE messages SET content = content || ?, updated_at = ?"
                                 " WHERE id = ? AND updated_at = ? AND status = 'streaming'"));
    query.addBindValue(text(tail));
    query.addBindValue(millis(updatedAt));
    query.addBindValue(messageId);
    query.addBindValue(millis(previousUpdatedAt));
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot save the reply"));
    return {};
}

StorageError ConversationRepository::setCurrentLeaf(const QString &conversationId, const QString &messageId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"));
    query.addBindValue(nullableText(messageId));
    query.addBindValue(conversationId);
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot switch the conversation's branch"));
    if (query.numRowsAffected() == 0)
        return notFound(QStringLiteral("cannot switch the branch: the conversation no longer exists"));
    return {};
}

StorageResult<MessageRecord> ConversationRepository::message(const QString &id)
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
    result.value = messageFrom(query);
    return result;
}

StorageResult<QList<MessageRecord>> ConversationRepository::branch(const QString &conversationId,
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
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the conversation's messages"));
        return result;
    }
    while (query.next())
        result.value.append(messageFrom(query));
    return result;
}

StorageResult<QList<MessageRecord>> ConversationRepository::fullBranch(const QString &conversationId)
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

StorageResult<QList<MessageRecord>> ConversationRepository::siblings(const QString &messageId)
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
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot read the message's alternatives"));
        return result;
    }
    while (query.next())
        result.value.append(messageFrom(query));
    return result;
}

StorageResult<QString> ConversationRepository::latestLeafUnder(const QString &messageId)
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
