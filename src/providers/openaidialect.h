// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatdialect.h"

// OpenAI's Chat Completions API and the many servers that copy it (Ollama, LM Studio, vLLM,
// llama.cpp, OpenRouter).
class OpenAiDialect : public ChatDialect
{
public:
    OpenAiDialect();

    QUrl chatUrl(const QUrl &baseUrl, const ChatRequest &request) const override;
    QUrl modelListUrl(const QUrl &baseUrl) const override;
    void setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<ChatWireFormat> wireFormat() const override;
};
