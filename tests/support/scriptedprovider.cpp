// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedprovider.h"

#include "httpchatprovider.h"
#include "openaidialect.h"
#include "providerconfig.h"
#include "scriptedserver.h"

using namespace Qt::StringLiterals;

std::unique_ptr<HttpChatProvider> scriptedOpenAi(const ScriptedServer &server, QNetworkAccessManager *network,
                                                 std::optional<int> maxRetries)
{
    ProviderConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"sk-test"_s;
    if (maxRetries)
        config.retry.maxRetries = *maxRetries;
    return std::make_unique<HttpChatProvider>(network, std::make_unique<OpenAiDialect>(), config);
}
