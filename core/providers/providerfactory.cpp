// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerfactory.h"

#include "openaiprovider.h"

ChatProvider *createProvider(ProviderKind kind, QNetworkAccessManager *network, ProviderConfig config,
                             QObject *parent)
{
    if (config.baseUrl.isEmpty())
        config.baseUrl = ProviderKinds::defaultBaseUrl(kind);
    switch (kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Anthropic: // the Anthropic and Gemini wire formats arrive with their providers
    case ProviderKind::Gemini:
        break;
    }
    return new OpenAiProvider(network, std::move(config), parent);
}
