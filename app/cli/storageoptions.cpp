// SPDX-License-Identifier: GPL-3.0-or-later
#include "storageoptions.h"

#include "console.h"
#include "databasesetting.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

StorageOptions::StorageOptions(bool withJson)
    : m_database(QStringLiteral("database"),
                 QCoreApplication::translate(
                     "cli", "The history database: a SQLite file, or postgresql://user@host[:port]/dbname "
                            "(default: $CONFAB_DATABASE, else the file in Confab's data folder). A "
                            "missing password comes from $PGPASSWORD."),
                 QStringLiteral("URL|PATH"))
    , m_jsonOption(QStringLiteral("json"), QCoreApplication::translate("cli", "Print JSON (UTF-8; timestamps "
                                                                              "in ISO 8601, UTC)."))
    , m_withJson(withJson)
{}

void StorageOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_database);
    if (m_withJson)
        parser.addOption(m_jsonOption);
}

QString StorageOptions::read(const QCommandLineParser &parser)
{
    m_json = m_withJson && parser.isSet(m_jsonOption);
    if (parser.isSet(m_database) && parser.value(m_database).trimmed().isEmpty())
        return QCoreApplication::translate("cli", "--database is empty: give a SQLite file or a "
                                                  "postgresql:// URL");
    // No settings file yet: the command line, then $CONFAB_DATABASE, then the default file.
    QString error;
    QString warning;
    const std::optional<DatabaseConfig> config =
        DatabaseConfig::resolve(parser.value(m_database), DatabaseSetting::read(), &error, &warning);
    if (!warning.isEmpty())
        Console::warning(warning);
    if (!config) {
        // The message may quote the value; a password in it must not reach the terminal or a log.
        for (const QString &value : {parser.value(m_database), qEnvironmentVariable("CONFAB_DATABASE")}) {
            const QString password = QUrl(value).password();
            if (!password.isEmpty())
                error.replace(password, QStringLiteral("***"));
        }
        return QCoreApplication::translate("cli", "invalid history database: %1").arg(error);
    }
    m_config = *config;
    return {};
}
