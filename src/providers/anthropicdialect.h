// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatdialect.h"

// Anthropic's Messages API (Claude), streamed.
class AnthropicDialect : public ChatDialect
{
public:
    // The version of the API this client was written against, sent with every request.
    static QByteArray apiVersion();
    // Anthropic requires max_tokens; this is sent when the request names none.
    static constexpr int DefaultMaxTokens = 4096;

    AnthropicDialect();

    QUrl chatUrl(const QUrl &baseUrl, const ChatRequest &request) const override;
    QUrl modelListUrl(const QUrl &baseUrl) const override;
    void setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<ChatWireFormat> wireFormat() const override;
};
