// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicprovider.h"

#include "anthropicwireformat.h"
#include "httpchatstream.h"
#include "httpmodellistreply.h"
#include "httptransport.h"
#include "providerslogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

QNetworkRequest makeRequest(const ProviderConfig &config, QStringView path, const QByteArray &accept)
{
    QNetworkRequest request(HttpTransport::endpointUrl(config.baseUrl, path));
    HttpTransport::prepareRequest(request);
    request.setRawHeader(QByteArrayLiteral("Accept"), accept);
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Confab/" CONFAB_VERSION));
    request.setRawHeader(QByteArrayLiteral("anthropic-version"), AnthropicProvider::apiVersion());

    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(QByteArrayLiteral("x-api-key"), key);

    // Last, so that a profile can add e.g. anthropic-beta or replace ours.
    HttpTransport::applyExtraHeaders(request, config.extraHeaders);
    return request;
}

} // namespace

QUrl AnthropicProvider::defaultBaseUrl()
{
    return QUrl(u"https://api.anthropic.com/v1"_s);
}

QByteArray AnthropicProvider::apiVersion()
{
    return QByteArrayLiteral("2023-06-01");
}

AnthropicProvider::AnthropicProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent)
    : ChatProvider(parent)
    , m_network(network)
    , m_config(std::move(config))
{
    Q_ASSERT(m_network);
    if (m_config.baseUrl.isEmpty())
        m_config.baseUrl = defaultBaseUrl();
}

QByteArray AnthropicProvider::chatBody(const ChatRequest &request)
{
    // The system prompt is a top-level field, not a message. The API wants user and assistant
    // to alternate: messages of one role in a row are joined into one turn, and empty ones left
    // out (it rejects empty text).
    QStringList system;
    QJsonArray messages;
    QString pendingRole;
    QString pendingText;
    const auto flush = [&] {
        if (!pendingText.isEmpty())
            messages.append(QJsonObject{{u"role"_s, pendingRole}, {u"content"_s, pendingText}});
        pendingText.clear();
    };
    for (const ChatMessage &message : request.messages) {
        if (message.content.trimmed().isEmpty())
            continue;
        if (message.role == ChatMessage::Role::System) {
            system.append(message.content);
            continue;
        }
        const QString role = message.role == ChatMessage::Role::Assistant ? u"assistant"_s : u"user"_s;
        // The API refuses a conversation that does not open with the user (a preset's greeting,
        // say); the greeting is the one thing the model need not see.
        if (role == u"assistant"_s && pendingRole.isEmpty())
            continue;
        if (role != pendingRole)
            flush();
        pendingRole = role;
        if (!pendingText.isEmpty())
            pendingText += u"\n\n"_s;
        pendingText += message.content;
    }
    flush();

    QJsonObject body{
        {u"model"_s, request.model},
        {u"max_tokens"_s, request.maxTokens.value_or(DefaultMaxTokens)},
        {u"messages"_s, messages},
        {u"stream"_s, true},
    };
    if (!system.isEmpty())
        body.insert(u"system"_s, system.join(u"\n\n"_s));
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ChatStream *AnthropicProvider::streamChat(const ChatRequest &request)
{
    QNetworkRequest networkRequest =
        makeRequest(m_config, u"messages", QByteArrayLiteral("text/event-stream"));
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    qCDebug(lcNet).noquote() << "Anthropic chat request: model" << request.model << "with"
                             << request.messages.size() << "messages";
    return new HttpChatStream(m_network, networkRequest, chatBody(request),
                              std::make_unique<AnthropicWireFormat>(), m_config.idleTimeout, m_config.retry,
                              m_config.maxReplyBytes);
}

ModelListReply *AnthropicProvider::listModels()
{
    QNetworkRequest networkRequest = makeRequest(m_config, u"models", QByteArrayLiteral("application/json"));
    // The list comes in pages of 20 unless asked for more; 1000 is the most a page holds.
    QUrl url = networkRequest.url();
    QUrlQuery query(url);
    query.addQueryItem(u"limit"_s, u"1000"_s);
    url.setQuery(query);
    networkRequest.setUrl(url);
    return new HttpModelListReply(m_network, networkRequest, std::make_unique<AnthropicWireFormat>(),
                                  m_config.idleTimeout);
}
