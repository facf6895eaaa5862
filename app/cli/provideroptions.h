// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exitcode.h"
#include "providerconfig.h"
#include "providerresolution.h"

#include <QCommandLineOption>
#include <QFuture>

#include <chrono>
#include <optional>

class ProfileStore;
class QCommandLineParser;
class SecretStore;

// The options and environment variables that say which server to reach and how, shared by the
// subcommands that talk to one: --profile, --base-url, --idle-timeout, --retries, --max-reply-mib. The
// profile, key and model come from ProviderResolver (the keychain is read asynchronously).
class ProviderOptions
{
public:
    ProviderOptions();

    void addTo(QCommandLineParser &parser) const;

    // Reads and checks the options. Returns an error message when something is off, or an
    // empty string.
    QString read(const QCommandLineParser &parser);

    // The profile, server, key and model (`model`: --model, empty when not given), with the
    // timeouts and retries of the options applied to the configuration.
    QFuture<ProviderResolution> resolve(ProfileStore *profiles, SecretStore *secrets,
                                        const QString &model) const;

    static ExitCode exitCodeFor(ProviderResolution::Error error);

private:
    QCommandLineOption m_profile;
    QCommandLineOption m_baseUrl;
    QCommandLineOption m_idleTimeout;
    QCommandLineOption m_retries;
    QCommandLineOption m_maxReply;
    QString m_profileName;
    QString m_base;
    std::optional<std::chrono::milliseconds> m_idle;
    std::optional<int> m_retryCount;
    std::optional<qint64> m_maxReplyBytes;
};
