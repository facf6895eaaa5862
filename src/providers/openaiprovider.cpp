// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaiprovider.h"

#include "httpchatstream.h"
#include "httpmodellistreply.h"
#include "httptransport.h"
#include "providerslogging.h"
#include "openaiwireformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace {

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
        return u"system"_s;
    case ChatMessage::Role::User:
        return u"user"_s;
    case ChatMessage::Role::Assistant:
        return u"assistant"_s;
    }
    return u"user"_s;
}

QNetworkRequest makeRequest(const ProviderConfig &config, QStringView path, const QByteArray &accept)
{
    QNetworkRequest request(HttpTransport::endpointUrl(config.baseUrl, path));
    HttpTransport::prepareRequest(request);
    request.setRawHeader(QByteArrayLiteral("Accept"), accept);
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Confab/" CONFAB_VERSION));

    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key);
    const QByteArray organization = HttpTransport::headerValue(config.organization);
    if (!organization.isEmpty())
        request.setRawHeader(QByteArrayLiteral("OpenAI-Organization"), organization);
    const QByteArray project = HttpTransport::headerValue(config.project);
    if (!project.isEmpty())
        request.setRawHeader(QByteArrayLiteral("OpenAI-Project"), project);

    // Last, so that a server needing e.g. its own auth header can replace ours.
    HttpTransport::applyExtraHeaders(request, config.extraHeaders);
    return request;
}

QByteArray chatBody(const ChatRequest &request)
{
    QJsonArray messages;
    for (const ChatMessage &message : request.messages)
        messages.append(QJsonObject{{u"role"_s, roleName(message.role)}, {u"content"_s, message.content}});

    QJsonObject body{
        {u"model"_s, request.model},
        {u"messages"_s, messages},
        {u"stream"_s, true},
        {u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}}},
    };
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    if (request.maxTokens)
        body.insert(u"max_tokens"_s, *request.maxTokens);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

QUrl OpenAiProvider::defaultBaseUrl()
{
    return QUrl(u"https://api.openai.com/v1"_s);
}

OpenAiProvider::OpenAiProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent)
    : ChatProvider(parent)
    , m_network(network)
    , m_config(std::move(config))
{
    Q_ASSERT(m_network);
    if (m_config.baseUrl.isEmpty())
        m_config.baseUrl = defaultBaseUrl();
}

ChatStream *OpenAiProvider::streamChat(const ChatRequest &request)
{
    QNetworkRequest networkRequest =
        makeRequest(m_config, u"chat/completions", QByteArrayLiteral("text/event-stream"));
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    qCDebug(lcNet).noquote() << "chat request: model" << request.model << "with" << request.messages.size()
                             << "messages";
    return new HttpChatStream(m_network, networkRequest, chatBody(request),
                              std::make_unique<OpenAiWireFormat>(), m_config.idleTimeout, m_config.retry,
                              m_config.maxReplyBytes);
}

ModelListReply *OpenAiProvider::listModels()
{
    const QNetworkRequest networkRequest =
        makeRequest(m_config, u"models", QByteArrayLiteral("application/json"));
    return new HttpModelListReply(m_network, networkRequest, std::make_unique<OpenAiWireFormat>(),
                                  m_config.idleTimeout);
}
