// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresconnector.h"

#include "postgrestls.h"
#include "sqlerrorclassifier.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace {

constexpr auto defaultConnectTimeout = "connect_timeout=5";

QString joinOptions(const QString &a, const QString &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return a + u';' + b;
}

bool hasOption(const QString &options, QStringView key)
{
    for (const QString &option : options.split(u';', Qt::SkipEmptyParts)) {
        if (QStringView(option).trimmed().startsWith(key))
            return true;
    }
    return false;
}

} // namespace

StorageError PostgresConnector::open(const DatabaseConfig &config, const QString &connectionName,
                                     const SqlErrorClassifier &errors)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(config.host);
    db.setPort(config.port);
    db.setUserName(config.user);
    db.setPassword(config.password);
    db.setDatabaseName(config.databaseName);
    QString options = config.postgresConnectOptions();
    if (!hasOption(options, u"connect_timeout"))
        options = joinOptions(options, QString::fromLatin1(defaultConnectTimeout));
    db.setConnectOptions(options);

    if (!db.open()) {
        const QString text = errors.redacted(db.lastError().text().simplified());
        const QString where = errors.serverName();
        if (StorageError tls = PostgresTls::explain(config, where, text, options);
            tls.kind != StorageError::Kind::None)
            return tls;
        if (text.contains(u"authentication failed") || text.contains(u"no password supplied")) {
            return {
                StorageError::Kind::Invalid,
                QStringLiteral("the PostgreSQL server at %1 refused user '%2': check the user name and the "
                               "password (in the URL or PGPASSWORD)")
                    .arg(where, config.user),
                text};
        }
        if (text.contains(u"does not exist")) {
            return {StorageError::Kind::Invalid,
                    QStringLiteral(
                        "the PostgreSQL server at %1 has no database '%2' (or no role '%3'): create it, "
                        "or fix the URL")
                        .arg(where, config.databaseName, config.user),
                    text};
        }
        return {StorageError::Kind::Unavailable,
                QStringLiteral(
                    "cannot reach the PostgreSQL server at %1: %2; check that it is running and accepts "
                    "connections from this machine, and that the URL is right")
                    .arg(where, text),
                text};
    }

    QSqlQuery query(db);
    // Migrations say "IF NOT EXISTS"; the notices that come back are noise in the log.
    if (!query.exec(QStringLiteral("SET client_min_messages = warning")))
        return errors.classify(query.lastError(), QStringLiteral("cannot set up the PostgreSQL connection"));
    return {};
}
