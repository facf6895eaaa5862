// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerfactory.h"

#include "anthropicdialect.h"
#include "geminidialect.h"
#include "httpchatprovider.h"
#include "openaidialect.h"

namespace {

std::unique_ptr<ChatDialect> dialectFor(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicDialect>();
    case ProviderKind::Gemini:
        return std::make_unique<GeminiDialect>();
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        break;
    }
    return std::make_unique<OpenAiDialect>();
}

} // namespace

ChatProvider *createProvider(ProviderKind kind, QNetworkAccessManager *network, ProviderConfig config,
                             QObject *parent)
{
    if (config.baseUrl.isEmpty())
        config.baseUrl = ProviderKinds::defaultBaseUrl(kind);
    return new HttpChatProvider(network, dialectFor(kind), std::move(config), parent);
}
