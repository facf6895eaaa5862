// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"

#include <QCommandLineOption>

class QCommandLineParser;

// The options that say which history database to use and how to print what comes out of it,
// shared by the subcommands that read or write the history.
class StorageOptions
{
public:
    enum class Output { Text, Json };

    // `withJson`: whether the command offers --json (ask prints the reply, not records).
    explicit StorageOptions(bool withJson = true);

    void addTo(QCommandLineParser &parser) const;

    // Reads the options and $CONFAB_DATABASE into config(). Returns an error message when the
    // database is given wrongly (without its password), or an empty string.
    QString read(const QCommandLineParser &parser);

    const DatabaseConfig &config() const { return m_config; }
    bool json() const { return m_json; }

private:
    QCommandLineOption m_database;
    QCommandLineOption m_jsonOption;
    bool m_withJson;
    bool m_json = false;
    DatabaseConfig m_config;
};
