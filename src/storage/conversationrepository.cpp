// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrepository.h"

#include "database.h"
#include "recordrows.h"
#include "sqlvalues.h"

#include <QSqlQuery>
#include <QVariant>

using namespace RecordRows;
using namespace SqlValues;

ConversationRepository::ConversationRepository(Database &db)
    : m_db(db)
    , m_messages(db)
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
                                     " max_tokens = excluded.max_tokens,"
                                     " reasoning_effort = excluded.reasoning_effort")
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
        QStringLiteral("INSERT INTO conversations (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
    query.addBindValue(nullableEffort(conversation.reasoningEffort));
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
                               " c.temperature, c.top_p, c.max_tokens, c.reasoning_effort,"
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
