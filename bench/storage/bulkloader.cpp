// SPDX-License-Identifier: GPL-3.0-or-later
#include "bulkloader.h"

#include "database.h"

#include <QSqlError>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

constexpr int rowsPerStatement = 200;
constexpr qint64 messagesPerTransaction = 40000;

const QStringList conversationColumns = {u"id"_s,
                                         u"title"_s,
                                         u"created_at"_s,
                                         u"updated_at"_s,
                                         u"pinned"_s,
                                         u"archived"_s,
                                         u"provider_profile"_s,
                                         u"model"_s,
                                         u"system_prompt"_s,
                                         u"current_leaf_id"_s};
const QStringList messageColumns = {
    u"id"_s,           u"conversation_id"_s, u"parent_id"_s,     u"role"_s,          u"content"_s,
    u"status"_s,       u"model"_s,           u"finish_reason"_s, u"prompt_tokens"_s, u"completion_tokens"_s,
    u"total_tokens"_s, u"created_at"_s,      u"updated_at"_s};
// Only messages with more than their answer have parts here (their thinking): the others read
// as their content, as a message stored before version 8 does, and search never reads their parts.
const QStringList partColumns = {u"message_id"_s, u"position"_s, u"type"_s, u"text"_s};

QString insertStatement(const char *table, const QStringList &columns, int rows)
{
    QString row = u"("_s;
    for (qsizetype i = 0; i < columns.size(); ++i)
        row += i ? u",?"_s : u"?"_s;
    row += u')';
    QStringList rowList;
    rowList.fill(row, rows);
    return u"INSERT INTO %1 (%2) VALUES %3"_s.arg(QLatin1StringView(table), columns.join(u','),
                                                  rowList.join(u','));
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QString(u""_s)) : QVariant(value);
}

QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant nullableNumber(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

QString roleName(MessageRecord::Role role)
{
    switch (role) {
    case MessageRecord::Role::System:
        return u"system"_s;
    case MessageRecord::Role::User:
        return u"user"_s;
    case MessageRecord::Role::Assistant:
        break;
    }
    return u"assistant"_s;
}

} // namespace

BulkLoader::BulkLoader(Database &db)
    : m_db(db)
    , m_conversationInsert(db.connection())
    , m_messageInsert(db.connection())
    , m_partInsert(db.connection())
{}

BulkLoader::~BulkLoader()
{
    if (m_inTransaction)
        m_db.connection().rollback();
}

StorageError BulkLoader::start()
{
    QSqlQuery setup(m_db.connection());
    // Generation only: the load need not survive a power cut. What is measured later runs on a
    // fresh connection with the app's own settings.
    const QStringList statements =
        m_db.dialect() == Database::Dialect::Sqlite
            ? QStringList{u"PRAGMA synchronous = OFF"_s, u"PRAGMA cache_size = -524288"_s}
            : QStringList{u"SET synchronous_commit = off"_s};
    for (const QString &statement : statements) {
        if (!setup.exec(statement))
            return m_db.errorFrom(setup, u"Preparing the bulk load"_s);
    }
    m_conversationInsert.setForwardOnly(true);
    m_messageInsert.setForwardOnly(true);
    m_partInsert.setForwardOnly(true);
    if (!m_conversationInsert.prepare(
            insertStatement("conversations", conversationColumns, rowsPerStatement)))
        return m_db.errorFrom(m_conversationInsert, u"Preparing the conversation insert"_s);
    if (!m_messageInsert.prepare(insertStatement("messages", messageColumns, rowsPerStatement)))
        return m_db.errorFrom(m_messageInsert, u"Preparing the message insert"_s);
    if (!m_partInsert.prepare(insertStatement("message_parts", partColumns, rowsPerStatement)))
        return m_db.errorFrom(m_partInsert, u"Preparing the part insert"_s);
    return {};
}

StorageError BulkLoader::add(const ConversationRecord &conversation, const QList<MessageRecord> &messages)
{
    m_conversationValues << text(conversation.id) << text(conversation.title)
                         << conversation.createdAt.toMSecsSinceEpoch()
                         << conversation.updatedAt.toMSecsSinceEpoch() << conversation.pinned
                         << conversation.archived << text(conversation.providerProfile)
                         << text(conversation.model) << text(conversation.systemPrompt)
                         << nullableText(conversation.currentLeafId);
    for (const MessageRecord &message : messages) {
        m_messageValues << text(message.id) << text(message.conversationId) << nullableText(message.parentId)
                        << roleName(message.role) << text(message.content) << u"complete"_s
                        << text(message.model) << text(message.finishReason)
                        << nullableNumber(message.promptTokens) << nullableNumber(message.completionTokens)
                        << nullableNumber(message.totalTokens) << message.createdAt.toMSecsSinceEpoch()
                        << message.updatedAt.toMSecsSinceEpoch();
        for (qsizetype position = 0; position < message.parts.size(); ++position) {
            const MessagePart &part = message.parts[position];
            m_partValues << text(message.id) << int(position) << MessagePart::typeName(part.type)
                         << text(part.text);
        }
        // Messages need their conversation in place (foreign key): conversations go first.
        if (m_messageValues.size() >= rowsPerStatement * messageColumns.size() ||
            m_partValues.size() >= rowsPerStatement * partColumns.size()) {
            if (StorageError error = flush(false); error.isError())
                return error;
        }
    }
    if (m_conversationValues.size() >= rowsPerStatement * conversationColumns.size()) {
        if (StorageError error = flush(false); error.isError())
            return error;
    }
    if (m_messagesInTransaction >= messagesPerTransaction)
        return flush(true);
    return {};
}

StorageError BulkLoader::finish()
{
    return flush(true);
}

StorageError BulkLoader::flush(bool commit)
{
    if (!m_inTransaction &&
        (!m_conversationValues.isEmpty() || !m_messageValues.isEmpty() || !m_partValues.isEmpty())) {
        if (!m_db.connection().transaction())
            return m_db.errorFrom(m_db.connection().lastError(), u"Starting a transaction"_s);
        m_inTransaction = true;
    }
    const qsizetype conversationRows = m_conversationValues.size() / conversationColumns.size();
    if (conversationRows > 0) {
        if (StorageError error = insert(m_conversationInsert, "conversations", conversationColumns,
                                        int(conversationRows), m_conversationValues);
            error.isError())
            return error;
        m_conversationValues.clear();
    }
    const qsizetype messageRows = m_messageValues.size() / messageColumns.size();
    if (messageRows > 0) {
        if (StorageError error =
                insert(m_messageInsert, "messages", messageColumns, int(messageRows), m_messageValues);
            error.isError())
            return error;
        m_messageValues.clear();
        m_messagesInTransaction += messageRows;
    }
    // After their messages (foreign key); the schema's triggers index the thinking.
    const qsizetype partRows = m_partValues.size() / partColumns.size();
    if (partRows > 0) {
        if (StorageError error =
                insert(m_partInsert, "message_parts", partColumns, int(partRows), m_partValues);
            error.isError())
            return error;
        m_partValues.clear();
    }
    if (commit && m_inTransaction) {
        if (!m_db.connection().commit())
            return m_db.errorFrom(m_db.connection().lastError(), u"Committing the bulk load"_s);
        m_inTransaction = false;
        m_messagesInTransaction = 0;
    }
    return {};
}

StorageError BulkLoader::insert(QSqlQuery &full, const char *table, const QStringList &columns, int rows,
                                const QList<QVariant> &values)
{
    // Whole batches go through the statement prepared once; a short last batch gets its own.
    QSqlQuery partial(m_db.connection());
    QSqlQuery *query = &full;
    if (rows != rowsPerStatement) {
        if (!partial.prepare(insertStatement(table, columns, rows)))
            return m_db.errorFrom(partial, u"Preparing an insert"_s);
        query = &partial;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    if (!query->exec())
        return m_db.errorFrom(*query, u"Inserting generated rows into %1"_s.arg(QLatin1StringView(table)));
    query->finish();
    return {};
}
