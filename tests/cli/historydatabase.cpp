// SPDX-License-Identifier: GPL-3.0-or-later
#include "historydatabase.h"

#include "clirun.h"
#include "testdatabases.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

HistoryDatabase::HistoryDatabase(const QString &backend)
{
    const std::optional<DatabaseConfig> config = TestDatabases::fresh(backend, m_dir.path(), &m_error);
    if (!config) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("no test database");
        return;
    }
    m_config = *config;
    if (m_config.backend == DatabaseConfig::Backend::Sqlite) {
        m_argument = m_config.sqlitePath;
        return;
    }
    // The password comes from PGPASSWORD (CliRun::defaultEnvironment()), as a user should give it.
    QUrl url(TestDatabases::postgresUrl(m_config.databaseName));
    url.setPassword({});
    m_argument = url.toString();
}

CliRun HistoryDatabase::run(const QStringList &arguments) const
{
    return CliRun::exec(arguments + QStringList{QStringLiteral("--database"), m_argument});
}

namespace {
QJsonDocument parseJson(const CliRun &run)
{
    if (run.exitCode != 0)
        qWarning("confab-cli failed (%d): %s", run.exitCode, run.err.constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), run.out.constData());
    return document;
}
} // namespace

QJsonArray HistoryDatabase::list(const QStringList &extra) const
{
    const QJsonDocument document =
        parseJson(run(QStringList{QStringLiteral("list"), QStringLiteral("--json")} + extra));
    if (!document.isArray())
        qWarning("list --json did not print an array");
    return document.array();
}

QJsonObject HistoryDatabase::show(const QString &id) const
{
    const QJsonDocument document = parseJson(run({QStringLiteral("show"), id, QStringLiteral("--json")}));
    if (!document.isObject())
        qWarning("show --json did not print an object");
    return document.object();
}

QString HistoryDatabase::conversationId(const QByteArray &err)
{
    static const QRegularExpression pattern(
        QStringLiteral("conversation ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                       "[0-9a-f]{4}-[0-9a-f]{12})\\n"));
    return pattern.match(QString::fromUtf8(err)).captured(1);
}

bool HistoryDatabase::isIsoUtc(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$"));
    return pattern.match(text).hasMatch() && QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}
