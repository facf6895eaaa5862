// SPDX-License-Identifier: GPL-3.0-or-later
#include "provideroptions.h"

#include "providerresolver.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cmath>

ProviderOptions::ProviderOptions()
    : m_profile(QStringLiteral("profile"),
                QCoreApplication::translate("cli", "The provider profile: its server, key and default model "
                                                   "(default: the current profile, else 'openai'; see "
                                                   "'confab-cli profiles list')."),
                QStringLiteral("NAME"))
    , m_baseUrl(QStringLiteral("base-url"),
                QCoreApplication::translate("cli", "The server's API base URL, instead of the profile's "
                                                   "(default for 'openai': $OPENAI_BASE_URL or "
                                                   "https://api.openai.com/v1)."),
                QStringLiteral("URL"))
    , m_idleTimeout(
          QStringLiteral("idle-timeout"),
          QCoreApplication::translate("cli", "Give up when no data arrives for this long (default: 60)."),
          QStringLiteral("SECONDS"))
    , m_retries(QStringLiteral("retries"),
                QCoreApplication::translate("cli",
                                            "How often to retry a request that failed before the reply "
                                            "started (default: 2)."),
                QStringLiteral("N"))
    , m_maxReply(QStringLiteral("max-reply-mib"),
                 QCoreApplication::translate("cli", "Cut a reply off, with an error, once its text reaches "
                                                    "this many MiB (default: 16)."),
                 QStringLiteral("MIB"))
{}

void ProviderOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_profile);
    parser.addOption(m_baseUrl);
    parser.addOption(m_idleTimeout);
    parser.addOption(m_retries);
    parser.addOption(m_maxReply);
}

QString ProviderOptions::read(const QCommandLineParser &parser)
{
    m_profileName = parser.value(m_profile).trimmed();
    if (parser.isSet(m_profile) && m_profileName.isEmpty())
        return QCoreApplication::translate("cli", "--profile is empty: give a profile name, as 'confab-cli "
                                                  "profiles list' prints them");
    m_base = parser.value(m_baseUrl);
    if (parser.isSet(m_idleTimeout)) {
        bool ok = false;
        const double seconds = parser.value(m_idleTimeout).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
            return QCoreApplication::translate("cli",
                                               "invalid --idle-timeout '%1': give a number of seconds, "
                                               "such as 60")
                .arg(parser.value(m_idleTimeout));
        m_idle = std::chrono::milliseconds(qint64(std::llround(seconds * 1000)));
    }
    if (parser.isSet(m_retries)) {
        bool ok = false;
        const int retries = parser.value(m_retries).toInt(&ok);
        if (!ok || retries < 0 || retries > 10)
            return QCoreApplication::translate("cli", "invalid --retries '%1': give a number from 0 to 10")
                .arg(parser.value(m_retries));
        m_retryCount = retries;
    }
    if (parser.isSet(m_maxReply)) {
        bool ok = false;
        const int mib = parser.value(m_maxReply).toInt(&ok);
        if (!ok || mib < 1 || mib > 1024)
            return QCoreApplication::translate("cli",
                                               "invalid --max-reply-mib '%1': give a number from 1 to 1024")
                .arg(parser.value(m_maxReply));
        m_maxReplyBytes = qint64(mib) * 1024 * 1024;
    }
    return {};
}

QFuture<ProviderResolution> ProviderOptions::resolve(ProfileStore *profiles, SecretStore *secrets,
                                                     const QString &model) const
{
    const ProviderResolver resolver(profiles, secrets);
    return resolver.resolve({m_profileName, m_base, model})
        .then([idle = m_idle, retries = m_retryCount,
               maxReply = m_maxReplyBytes](ProviderResolution resolution) {
            if (idle)
                resolution.provider.config.idleTimeout = *idle;
            if (retries)
                resolution.provider.config.retry.maxRetries = *retries;
            if (maxReply)
                resolution.provider.config.maxReplyBytes = *maxReply;
            return resolution;
        });
}

ExitCode ProviderOptions::exitCodeFor(ProviderResolution::Error error)
{
    switch (error) {
    case ProviderResolution::Error::None:
        return ExitCode::Ok;
    case ProviderResolution::Error::InvalidOption:
    case ProviderResolution::Error::NoKey:
        return ExitCode::Usage;
    case ProviderResolution::Error::NoSuchProfile:
        return ExitCode::NoSuchProfile;
    case ProviderResolution::Error::NoKeychain:
    case ProviderResolution::Error::Keychain:
        return ExitCode::Keychain;
    }
    return ExitCode::Failure;
}
