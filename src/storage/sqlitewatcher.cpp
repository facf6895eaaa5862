// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitewatcher.h"

#include "database.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

SqliteWatcher::SqliteWatcher(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &SqliteWatcher::check);
}

void SqliteWatcher::start(Database *db)
{
    m_db = db;
    QSqlQuery query(m_db->connection());
    if (query.exec(u"PRAGMA data_version"_s) && query.next())
        m_dataVersion = query.value(0).toLongLong();
    if (query.exec(u"SELECT coalesce(max(updated_at), 0) FROM conversations"_s) && query.next())
        m_seenUpdatedAt = query.value(0).toLongLong();
    readCount();
    m_timer.start();
}

void SqliteWatcher::stop()
{
    m_timer.stop();
    m_db = nullptr;
}

bool SqliteWatcher::readCount()
{
    QSqlQuery query(m_db->connection());
    if (!query.exec(u"SELECT count(*) FROM conversations"_s) || !query.next())
        return false;
    m_conversationCount = query.value(0).toLongLong();
    return true;
}

void SqliteWatcher::check()
{
    if (!m_db || !m_db->isOpen())
        return;
    QSqlQuery query(m_db->connection());
    if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
        return;
    const qint64 version = query.value(0).toLongLong();
    if (version == m_dataVersion)
        return;
    m_dataVersion = version;
    query.prepare(u"SELECT id, updated_at FROM conversations WHERE updated_at >= ?"_s);
    query.addBindValue(m_seenUpdatedAt);
    if (!query.exec())
        return;
    QStringList ids;
    while (query.next()) {
        ids.append(query.value(0).toString());
        m_seenUpdatedAt = std::max(m_seenUpdatedAt, query.value(1).toLongLong());
    }
    const qint64 countBefore = m_conversationCount;
    const bool gone = readCount() && m_conversationCount < countBefore;
    if (!ids.isEmpty() || gone)
        Q_EMIT changed(ids, gone);
}
