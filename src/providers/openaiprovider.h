// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatprovider.h"
#include "providerconfig.h"

class QNetworkAccessManager;

// OpenAI's Chat Completions API and the many servers that copy it (Ollama, LM Studio, vLLM,
// llama.cpp, OpenRouter).
class OpenAiProvider : public ChatProvider
{
    Q_OBJECT

public:
    static QUrl defaultBaseUrl();

    OpenAiProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent = nullptr);

    ChatStream *streamChat(const ChatRequest &request) override;
    ModelListReply *listModels() override;

    const ProviderConfig &config() const { return m_config; }

private:
    QNetworkAccessManager *m_network;
    ProviderConfig m_config;
};
