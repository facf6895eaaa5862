// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerfactory.h"

#include "anthropicprovider.h"
#include "geminiprovider.h"
#include "openaiprovider.h"

ChatProvider *createProvider(ProviderKind kind, QNetworkAccessManager *network, ProviderConfig config,
                             QObject *parent)
{
    if (config.baseUrl.isEmpty())
        config.baseUrl = ProviderKinds::defaultBaseUrl(kind);
    switch (kind) {
    case ProviderKind::Anthropic:
        return new AnthropicProvider(network, std::move(config), parent);
    case ProviderKind::Gemini:
        return new GeminiProvider(network, std::move(config), parent);
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        break;
    }
    return new OpenAiProvider(network, std::move(config), parent);
}
