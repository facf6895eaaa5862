// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatprovider.h"
#include "providerconfig.h"

class QNetworkAccessManager;

// Anthropic's Messages API (Claude), streamed.
class AnthropicProvider : public ChatProvider
{
    Q_OBJECT

public:
    static QUrl defaultBaseUrl();
    // The version of the API this client was written against, sent with every request.
    static QByteArray apiVersion();
    // Anthropic requires max_tokens; this is sent when the request names none.
    static constexpr int DefaultMaxTokens = 4096;

    AnthropicProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent = nullptr);

    ChatStream *streamChat(const ChatRequest &request) override;
    ModelListReply *listModels() override;

    const ProviderConfig &config() const { return m_config; }

    // The JSON body of a streamed Messages request.
    static QByteArray chatBody(const ChatRequest &request);

private:
    QNetworkAccessManager *m_network;
    ProviderConfig m_config;
};
