// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestDatabaseOpen and what its parts share: a scalar query and whether the tests run as root.
#include "database.h"
#include "migrations.h"
#include "testdatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

using Kind = StorageError::Kind;

inline QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

inline bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return geteuid() == 0;
#else
    return false;
#endif
}

inline const QString insertConversation = QStringLiteral(
    "INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('%1', 'title', 1, 1)");

class TestDatabaseOpen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteSettings();
    void filesAreOwnerOnly();
    void createsTheFolder();
    void transactionCommitsAndRollsBack();
    void notADatabaseIsMovedAside();
    void damagedDatabaseIsMovedAside();
    void readOnly();
    void readOnlyWriteIsMapped();
    void diskFull();
    void locked();
    void openWhileAnotherWrites();
    void postgresUnreachable();
    void postgresWrongPassword();
    void postgresErrors();
    void errorMapping_data();
    void errorMapping();

private:
    DatabaseConfig sqliteConfig(const QString &name);
    static void writeFile(const QString &path, const QByteArray &bytes);
    static void checkMovedAside(Database &db, const QString &path, const QByteArray &oldBytes);

    QTemporaryDir m_dir;
};
