// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatdialect.h"
#include "chatprovider.h"
#include "providerconfig.h"

#include <memory>

class QNetworkAccessManager;
class QNetworkRequest;

// The one provider: speaks a dialect (OpenAI's, Anthropic's, Gemini's) over HTTP to one server.
// The dialect says where requests go, how they are addressed and what the answers mean; the
// transport (HttpChatStream, HttpModelListReply) is the same for all.
class HttpChatProvider : public ChatProvider
{
    Q_OBJECT

public:
    // `network` must outlive the provider. An empty base URL is the dialect's default.
    HttpChatProvider(QNetworkAccessManager *network, std::unique_ptr<ChatDialect> dialect,
                     ProviderConfig config, QObject *parent = nullptr);
    ~HttpChatProvider() override;

    ChatStream *streamChat(const ChatRequest &request) override;
    ModelListReply *listModels() override;

    const ProviderConfig &config() const { return m_config; }
    const ChatDialect &dialect() const { return *m_dialect; }

private:
    QNetworkRequest makeRequest(const QUrl &url, const QByteArray &accept) const;

    QNetworkAccessManager *m_network;
    std::unique_ptr<ChatDialect> m_dialect;
    ProviderConfig m_config;
};
