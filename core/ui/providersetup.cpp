// SPDX-License-Identifier: GPL-3.0-or-later
#include "providersetup.h"

#include "providers/openaiprovider.h"

#include <QCoreApplication>

std::optional<ProviderSetup> ProviderSetup::resolve(const QString &baseUrl, const QString &model,
                                                    QString *error)
{
    ProviderSetup setup;
    QString base = baseUrl.trimmed();
    if (base.isEmpty())
        base = qEnvironmentVariable("OPENAI_BASE_URL").trimmed();
    setup.config.baseUrl = base.isEmpty() ? OpenAiProvider::defaultBaseUrl() : QUrl(base, QUrl::StrictMode);
    const QString scheme = setup.config.baseUrl.scheme();
    if (!setup.config.baseUrl.isValid() || setup.config.baseUrl.host().isEmpty() ||
        (scheme != u"http" && scheme != u"https")) {
        if (error)
            *error = QCoreApplication::translate("ProviderSetup",
                                                 "invalid base URL '%1': give an http:// or https:// URL, "
                                                 "such as http://localhost:11434/v1")
                         .arg(base);
        return std::nullopt;
    }
    setup.config.apiKey = qEnvironmentVariable("OPENAI_API_KEY").trimmed();
    setup.config.organization = qEnvironmentVariable("OPENAI_ORG_ID");
    setup.config.project = qEnvironmentVariable("OPENAI_PROJECT_ID");
    setup.model = model.trimmed();
    if (setup.model.isEmpty())
        setup.model = qEnvironmentVariable("OPENAI_MODEL").trimmed();
    return setup;
}

bool ProviderSetup::needsKey(const ProviderConfig &config)
{
    return config.apiKey.isEmpty() &&
           config.baseUrl.host().compare(OpenAiProvider::defaultBaseUrl().host(), Qt::CaseInsensitive) == 0;
}
