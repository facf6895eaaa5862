// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatprovider.h"
#include "providerconfig.h"

class QNetworkAccessManager;

// Google's Gemini API (generativelanguage.googleapis.com), streamed with
// streamGenerateContent?alt=sse. The key goes in a header, never in the URL: URLs get logged.
class GeminiProvider : public ChatProvider
{
    Q_OBJECT

public:
    static QUrl defaultBaseUrl();

    GeminiProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent = nullptr);

    ChatStream *streamChat(const ChatRequest &request) override;
    ModelListReply *listModels() override;

    const ProviderConfig &config() const { return m_config; }

    // The JSON body of a streamGenerateContent request.
    static QByteArray chatBody(const ChatRequest &request);
    // "gemini-2.0-flash" or "models/gemini-2.0-flash" → "models/gemini-2.0-flash:streamGenerateContent"
    // (a tuned model's "tunedModels/…" is kept as it is).
    static QString streamPath(const QString &model);

private:
    QNetworkAccessManager *m_network;
    ProviderConfig m_config;
};
