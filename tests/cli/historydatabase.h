// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>

struct CliRun;

// A fresh history database of one backend for confab-cli runs, and the commands to read it.
class HistoryDatabase
{
public:
    // Makes the database; on failure error() says why and argument() is empty.
    explicit HistoryDatabase(const QString &backend);

    QString error() const { return m_error; }
    const DatabaseConfig &config() const { return m_config; }
    // What --database takes: the SQLite file's path or the PostgreSQL URL.
    QString argument() const { return m_argument; }

    // `confab-cli COMMAND … --database <this>`.
    CliRun run(const QStringList &arguments) const;
    // `confab-cli COMMAND … --database <this> --json`, parsed; fails the test on bad output.
    QJsonArray list(const QStringList &extra = {}) const;
    QJsonObject show(const QString &id) const;

    // The id in "confab-cli: conversation <id>" on ask's stderr, or an empty string.
    static QString conversationId(const QByteArray &err);
    // Whether `text` is an ISO 8601 UTC timestamp, as the JSON gives them.
    static bool isIsoUtc(const QString &text);

private:
    QTemporaryDir m_dir;
    DatabaseConfig m_config;
    QString m_argument;
    QString m_error;
};
