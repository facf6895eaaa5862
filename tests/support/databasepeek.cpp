// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasepeek.h"

#include "testdatabases.h"

#include <QDebug>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

DatabasePeek::DatabasePeek(const DatabaseConfig &config)
    : m_name(u"peek-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = TestDatabases::connection(config, m_name, u"QSQLITE_BUSY_TIMEOUT=1000"_s);
    if (!db.open())
        qWarning() << "peek cannot open:" << db.lastError().text();
}

DatabasePeek::~DatabasePeek()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

QVariant DatabasePeek::value(const QString &sql, const QVariantList &arguments) const
{
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    query.prepare(sql);
    for (const QVariant &argument : arguments)
        query.addBindValue(argument);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0);
}

int DatabasePeek::messageCount(const QString &id) const
{
    return value(u"SELECT COUNT(*) FROM messages WHERE id = ?"_s, {id}).toInt();
}

QString DatabasePeek::messageField(const QString &id, const QString &column) const
{
    return value(u"SELECT %1 FROM messages WHERE id = ?"_s.arg(column), {id}).toString();
}

QString DatabasePeek::conversationField(const QString &id, const QString &column) const
{
    return value(u"SELECT %1 FROM conversations WHERE id = ?"_s.arg(column), {id}).toString();
}

int DatabasePeek::conversationCount() const
{
    return value(u"SELECT COUNT(*) FROM conversations"_s).toInt();
}
