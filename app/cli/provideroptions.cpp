// SPDX-License-Identifier: GPL-3.0-or-later
#include "provideroptions.h"

#include "providers/openaiprovider.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cmath>

ProviderOptions::ProviderOptions()
    : m_baseUrl(
          QStringLiteral("base-url"),
          QCoreApplication::translate("cli", "The server's API base URL (default: $OPENAI_BASE_URL or %1).")
              .arg(OpenAiProvider::defaultBaseUrl().toString()),
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
{}

void ProviderOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_baseUrl);
    parser.addOption(m_idleTimeout);
    parser.addOption(m_retries);
}

QString ProviderOptions::read(const QCommandLineParser &parser)
{
    m_config = ProviderConfig{};

    QString base = parser.value(m_baseUrl);
    if (base.isEmpty())
        base = qEnvironmentVariable("OPENAI_BASE_URL");
    m_config.baseUrl = base.isEmpty() ? OpenAiProvider::defaultBaseUrl() : QUrl(base, QUrl::StrictMode);
    const QString scheme = m_config.baseUrl.scheme();
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.host().isEmpty() ||
        (scheme != u"http" && scheme != u"https"))
        return QCoreApplication::translate("cli", "invalid base URL '%1': give an http:// or https:// URL, "
                                                  "such as http://localhost:11434/v1")
            .arg(base);

    if (parser.isSet(m_idleTimeout)) {
        bool ok = false;
        const double seconds = parser.value(m_idleTimeout).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
            return QCoreApplication::translate("cli",
                                               "invalid --idle-timeout '%1': give a number of seconds, "
                                               "such as 60")
                .arg(parser.value(m_idleTimeout));
        m_config.idleTimeout = std::chrono::milliseconds(qint64(std::llround(seconds * 1000)));
    }
    if (parser.isSet(m_retries)) {
        bool ok = false;
        const int retries = parser.value(m_retries).toInt(&ok);
        if (!ok || retries < 0 || retries > 10)
            return QCoreApplication::translate("cli", "invalid --retries '%1': give a number from 0 to 10")
                .arg(parser.value(m_retries));
        m_config.retry.maxRetries = retries;
    }

    m_config.apiKey = qEnvironmentVariable("OPENAI_API_KEY").trimmed();
    m_config.organization = qEnvironmentVariable("OPENAI_ORG_ID");
    m_config.project = qEnvironmentVariable("OPENAI_PROJECT_ID");
    if (m_config.apiKey.isEmpty() && m_config.baseUrl.host() == OpenAiProvider::defaultBaseUrl().host())
        return QCoreApplication::translate("cli", "no API key: set OPENAI_API_KEY, or give --base-url for a "
                                                  "local server that needs none");
    return {};
}
