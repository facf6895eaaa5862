// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatdialect.h"

// Google's Gemini API (generativelanguage.googleapis.com), streamed with
// streamGenerateContent?alt=sse. The key goes in a header, never in the URL: URLs get logged.
class GeminiDialect : public ChatDialect
{
public:
    // "gemini-2.0-flash" or "models/gemini-2.0-flash" → "models/gemini-2.0-flash:streamGenerateContent"
    // (a tuned model's "tunedModels/…" is kept as it is).
    static QString streamPath(const QString &model);

    GeminiDialect();

    QUrl chatUrl(const QUrl &baseUrl, const ChatRequest &request) const override;
    QUrl modelListUrl(const QUrl &baseUrl) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<ChatWireFormat> wireFormat() const override;
};
