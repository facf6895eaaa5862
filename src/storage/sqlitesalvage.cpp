// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitesalvage.h"

#include "database.h"
#include "storagelogging.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Rows tried in one statement before halving; and a bound on the statements, so that a file
// damaged all over is given up on in seconds rather than read row by row for ever.
constexpr qint64 rangeSize = 500;
constexpr int statementBudget = 100000;

class TableCopier
{
public:
    TableCopier(const QSqlDatabase &connection, const QString &table)
        : m_connection(connection)
        , m_table(table)
    {}

    int copy()
    {
        if (!damagedHasTable()) {
            qCInfo(lcStorage) << "salvage: the damaged file, of an older version, has no table" << m_table;
            return 0;
        }
        const QStringList columns = commonColumns();
        if (columns.isEmpty()) {
            qCWarning(lcStorage) << "salvage: the damaged file's table" << m_table << "cannot be read";
            return 0;
        }
        const QString list = columns.join(u", "_s);
        m_insert = QSqlQuery(m_connection);
        if (!m_insert.prepare(u"INSERT OR IGNORE INTO main.%1 (%2) SELECT %2 FROM damaged.%1"
                              " WHERE rowid BETWEEN ? AND ? ORDER BY rowid"_s.arg(m_table, list))) {
            qCWarning(lcStorage) << "salvage: cannot prepare the copy of" << m_table
                                 << m_insert.lastError().text();
            return 0;
        }
        const auto [first, last] = rowidBounds();
        int copied = 0;
        for (qint64 low = first; low <= last && m_budget > 0; low += rangeSize)
            copied += copyRange(low, std::min(last, low + rangeSize - 1));
        if (m_skipped > 0)
            qCWarning(lcStorage) << "salvage:" << m_skipped << "unreadable ranges of" << m_table
                                 << "left behind";
        return copied;
    }

private:
    QStringList columnsOf(const QString &schema) const
    {
        QSqlQuery query(m_connection);
        QStringList columns;
        if (!query.exec(u"PRAGMA %1.table_info(%2)"_s.arg(schema, m_table)))
            return columns;
        while (query.next())
            columns.append(query.value(1).toString());
        return columns;
    }

    // False only when the damaged file's schema, read whole, lacks the table.
    bool damagedHasTable() const
    {
        QSqlQuery query(m_connection);
        query.prepare(u"SELECT count(*) FROM damaged.sqlite_master WHERE type = 'table' AND name = ?"_s);
        query.addBindValue(m_table);
        return !query.exec() || !query.next() || query.value(0).toInt() > 0;
    }

    // The columns both files have: the damaged one may be of an older schema version.
    QStringList commonColumns() const
    {
        const QStringList damaged = columnsOf(u"damaged"_s);
        QStringList common;
        for (const QString &column : columnsOf(u"main"_s)) {
            if (damaged.contains(column))
                common.append(column);
        }
        return common;
    }

    std::pair<qint64, qint64> rowidBounds()
    {
        QSqlQuery query(m_connection);
        if (query.exec(u"SELECT min(rowid), max(rowid) FROM damaged.%1"_s.arg(m_table)) && query.next() &&
            !query.value(1).isNull())
            return {query.value(0).toLongLong(), query.value(1).toLongLong()};
        // The b-tree's edges are damaged: no table holds more rows than a hundred per page.
        qint64 pages = 0;
        if (query.exec(u"PRAGMA damaged.page_count"_s) && query.next())
            pages = query.value(0).toLongLong();
        return {1, std::max<qint64>(1, pages * 100)};
    }

    int copyRange(qint64 low, qint64 high)
    {
        if (m_budget-- <= 0)
            return 0;
        m_insert.addBindValue(low);
        m_insert.addBindValue(high);
        if (m_insert.exec())
            return m_insert.numRowsAffected();
        if (low == high) {
            ++m_skipped;
            qCDebug(lcStorage) << "salvage: row" << low << "of" << m_table
                               << "cannot be read:" << m_insert.lastError().text();
            return 0;
        }
        const qint64 middle = low + (high - low) / 2;
        return copyRange(low, middle) + copyRange(middle + 1, high);
    }

    QSqlDatabase m_connection;
    QString m_table;
    QSqlQuery m_insert;
    int m_budget = statementBudget;
    int m_skipped = 0;
};

void exec(QSqlQuery &query, const QString &sql)
{
    if (!query.exec(sql))
        qCWarning(lcStorage) << "salvage:" << sql.left(60) << "failed:" << query.lastError().text();
}

} // namespace

SqliteSalvage::Result SqliteSalvage::copy(Database &db, const QString &damagedPath)
{
    Result result;
    QSqlDatabase connection = db.connection();
    QSqlQuery query(connection);
    query.prepare(u"ATTACH DATABASE ? AS damaged"_s);
    query.addBindValue(damagedPath);
    if (!query.exec()) {
        qCWarning(lcStorage) << "salvage: cannot attach the damaged file:" << query.lastError().text();
        return result;
    }
    // Messages may outlive their conversation's row; they get one below.
    exec(query, u"PRAGMA foreign_keys = OFF"_s);
    const auto restore = qScopeGuard([&query] {
        exec(query, u"PRAGMA foreign_keys = ON"_s);
        exec(query, u"DETACH DATABASE damaged"_s);
    });

    result.conversations = TableCopier(connection, u"conversations"_s).copy();
    result.messages = TableCopier(connection, u"messages"_s).copy();
    // After the messages, so that the triggers index the thinking of the messages copied.
    TableCopier(connection, u"message_parts"_s).copy();
    // Parts whose message was lost go; a message whose parts were lost (or a file older than
    // parts) is its content, as one text part.
    exec(query, u"DELETE FROM message_parts WHERE message_id NOT IN (SELECT id FROM messages)"_s);
    exec(query, u"INSERT INTO message_parts (message_id, position, type, text)"
                " SELECT id, 0, 'text', content FROM messages m WHERE content <> ''"
                " AND NOT EXISTS (SELECT 1 FROM message_parts p WHERE p.message_id = m.id)"_s);

    // Messages whose conversation was lost: a conversation of their own, named after them.
    exec(query, u"INSERT INTO conversations (id, title, created_at, updated_at)"
                " SELECT conversation_id, 'Recovered conversation', min(created_at), max(updated_at)"
                " FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)"
                " GROUP BY conversation_id"_s);
    if (query.isActive())
        result.conversations += query.numRowsAffected();
    // A conversation whose current message was lost shows its newest readable one.
    exec(query, u"UPDATE conversations SET current_leaf_id = (SELECT m.id FROM messages m"
                " WHERE m.conversation_id = conversations.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1)"
                " WHERE current_leaf_id IS NULL OR current_leaf_id NOT IN (SELECT id FROM messages)"_s);
    qCInfo(lcStorage) << "salvaged" << result.conversations << "conversations and" << result.messages
                      << "messages from" << damagedPath;
    return result;
}
