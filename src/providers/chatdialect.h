// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reasoningeffort.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <memory>

class ChatWireFormat;
class QJsonObject;
class QNetworkRequest;
struct ChatRequest;
struct ProviderConfig;

// What one API asks of a request: where it goes, which headers say who is asking, the body of a
// chat request, and (through a fresh wire format per request) what the answers mean.
// HttpChatProvider does everything else the same for every dialect. A dialect keeps no state.
class ChatDialect
{
public:
    // `name` is for logs ("OpenAI"); `defaultBaseUrl` serves a profile that names none; the key
    // goes in the header `keyHeader`, after `keyPrefix`.
    ChatDialect(QString name, QUrl defaultBaseUrl, QByteArray keyHeader, QByteArray keyPrefix = {});
    virtual ~ChatDialect() = default;

    const QString &name() const { return m_name; }
    const QUrl &defaultBaseUrl() const { return m_defaultBaseUrl; }

    virtual QUrl chatUrl(const QUrl &baseUrl, const ChatRequest &request) const = 0;
    virtual QUrl modelListUrl(const QUrl &baseUrl) const = 0;
    // The key, and whatever else a dialect sends to say who asks (a version, an organisation);
    // the profile's extra headers come after, and may replace them.
    virtual void setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const;
    // The JSON body of a streamed chat request.
    virtual QByteArray chatBody(const ChatRequest &request) const = 0;
    // The wire format for one request: it may keep state across that request's events.
    virtual std::unique_ptr<ChatWireFormat> wireFormat() const = 0;

    // The thinking budget, in tokens, of an effort for the APIs that take one (Anthropic's
    // budget_tokens, Gemini's thinkingBudget): 0 for Off; Low, Medium and High 1024, 4096 and
    // 16384. 1024 is the least Anthropic takes; all three are within what Gemini's models take.
    static int thinkingBudget(ReasoningEffort effort);

protected:
    // Puts the request's sampling settings that are set into `body` under the API's names
    // (an empty name: the API takes that one elsewhere).
    static void insertSampling(QJsonObject &body, const ChatRequest &request, const QString &temperature,
                               const QString &topP, const QString &maxTokens);

private:
    QString m_name;
    QUrl m_defaultBaseUrl;
    QByteArray m_keyHeader;
    QByteArray m_keyPrefix;
};
