// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the storage tests share: ids, times, errors described, and SQL of the test's own.
#include "database.h"
#include "messagerecord.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using Role = MessageRecord::Role;
using Status = MessageRecord::Status;

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QDateTime at(qint64 millis)
{
    return QDateTime::fromMSecsSinceEpoch(millis, QTimeZone::utc());
}

inline QString describe(const StorageError &error)
{
    return error.message + u' ' + error.detail;
}

// The first column of the first row as a number; -1 (and a warning) when the query fails.
inline qint64 scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

// Runs one statement; on failure says why in `why`. PostgreSQL prepares only queries and DML:
// a statement without values runs directly.
inline bool exec(Database &db, const QString &sql, const QVariantList &values, QString *why)
{
    QSqlQuery query(db.connection());
    if (values.isEmpty() ? query.exec(sql) : query.prepare(sql)) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (values.isEmpty() || query.exec())
            return true;
    }
    *why = query.lastError().text();
    return false;
}

#define VERIFY_OK(expression)                                                                                \
    do {                                                                                                     \
        const StorageError verifyError = (expression);                                                       \
        QVERIFY2(!verifyError.isError(), qPrintable(describe(verifyError)));                                 \
    } while (false)
