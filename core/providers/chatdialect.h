// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <memory>

class ChatWireFormat;
class QNetworkRequest;
struct ChatRequest;
struct ProviderConfig;

// What one API asks of a request: where it goes, which headers say who is asking, the body of a
// chat request, and (through a fresh wire format per request) what the answers mean.
// HttpChatProvider does everything else the same for every dialect. A dialect keeps no state.
class ChatDialect
{
public:
    virtual ~ChatDialect() = default;

    // The base URL when a profile names none.
    virtual QUrl defaultBaseUrl() const = 0;
    // For logs: "OpenAI", "Anthropic", "Gemini".
    virtual QString name() const = 0;

    virtual QUrl chatUrl(const QUrl &baseUrl, const ChatRequest &request) const = 0;
    virtual QUrl modelListUrl(const QUrl &baseUrl) const = 0;
    // The key and any version header; the profile's extra headers come after, and may replace them.
    virtual void setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const = 0;
    // The JSON body of a streamed chat request.
    virtual QByteArray chatBody(const ChatRequest &request) const = 0;
    // The wire format for one request: it may keep state across that request's events.
    virtual std::unique_ptr<ChatWireFormat> wireFormat() const = 0;
};
