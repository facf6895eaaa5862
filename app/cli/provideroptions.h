// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerconfig.h"

#include <QCommandLineOption>

class QCommandLineParser;

// The options and environment variables that say how to reach the server, shared by the
// subcommands that talk to one.
class ProviderOptions
{
public:
    ProviderOptions();

    void addTo(QCommandLineParser &parser) const;

    // Reads the options and the environment into config(). Returns an error message when
    // something is off, or an empty string.
    QString read(const QCommandLineParser &parser);

    const ProviderConfig &config() const { return m_config; }

private:
    QCommandLineOption m_baseUrl;
    QCommandLineOption m_idleTimeout;
    QCommandLineOption m_retries;
    ProviderConfig m_config;
};
