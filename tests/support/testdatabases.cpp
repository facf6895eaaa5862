// SPDX-License-Identifier: GPL-3.0-or-later
#include "testdatabases.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

QStringList TestDatabases::backends()
{
    return {QStringLiteral("sqlite"), QStringLiteral("postgres")};
}

void TestDatabases::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : backends())
        QTest::newRow(qPrintable(backend)) << backend;
}

QSqlDatabase TestDatabases::connection(const DatabaseConfig &config, const QString &connectionName,
                                       const QString &sqliteOptions)
{
    if (config.backend == DatabaseConfig::Backend::Sqlite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(sqliteOptions);
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(config.host);
    db.setPort(config.port);
    db.setUserName(config.user);
    db.setPassword(config.password);
    db.setDatabaseName(config.databaseName);
    return db;
}

QString TestDatabases::postgresUrl(const QString &databaseName)
{
    const QString base = qEnvironmentVariable("CONFAB_TEST_POSTGRES_URL");
    if (base.isEmpty() || databaseName.isEmpty())
        return base;
    QUrl url(base);
    url.setPath(u'/' + databaseName);
    return url.toString();
}

std::optional<DatabaseConfig> TestDatabases::fresh(const QString &backend, const QString &folder,
                                                   QString *error)
{
    if (backend == u"sqlite") {
        const QString path = QDir(folder).filePath(
            QStringLiteral("history-%1.sqlite").arg(QUuid::createUuid().toString(QUuid::Id128).left(12)));
        return DatabaseConfig::parse(path, error);
    }
    if (backend != u"postgres") {
        *error = QStringLiteral("unknown backend %1").arg(backend);
        return std::nullopt;
    }

    const QString adminUrl = postgresUrl();
    if (adminUrl.isEmpty()) {
        *error =
            QStringLiteral("CONFAB_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which "
                           "starts a PostgreSQL server, or point it at a server where the role may "
                           "create databases");
        return std::nullopt;
    }
    const std::optional<DatabaseConfig> admin = DatabaseConfig::parse(adminUrl, error);
    if (!admin)
        return std::nullopt;

    const QString name =
        QStringLiteral("confab_t_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(16));
    const QString connection = QStringLiteral("testdatabases-%1").arg(name);
    {
        QSqlDatabase db = TestDatabases::connection(*admin, connection);
        if (!db.open()) {
            *error = QStringLiteral("cannot reach the test PostgreSQL server: %1").arg(db.lastError().text());
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
                *error = QStringLiteral("cannot create a test database: %1").arg(query.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!error->isEmpty())
        return std::nullopt;
    return DatabaseConfig::parse(postgresUrl(name), error);
}
