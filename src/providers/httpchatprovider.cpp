// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpchatprovider.h"

#include "chatwireformat.h"
#include "httpchatstream.h"
#include "httpmodellistreply.h"
#include "httptransport.h"
#include "providerslogging.h"

#include <QNetworkRequest>

HttpChatProvider::HttpChatProvider(QNetworkAccessManager *network, std::unique_ptr<ChatDialect> dialect,
                                   ProviderConfig config, QObject *parent)
    : ChatProvider(parent)
    , m_network(network)
    , m_dialect(std::move(dialect))
    , m_config(std::move(config))
{
    Q_ASSERT(m_network);
    Q_ASSERT(m_dialect);
    if (m_config.baseUrl.isEmpty())
        m_config.baseUrl = m_dialect->defaultBaseUrl();
}

HttpChatProvider::~HttpChatProvider() = default;

QNetworkRequest HttpChatProvider::makeRequest(const QUrl &url, const QByteArray &accept) const
{
    QNetworkRequest request(url);
    HttpTransport::prepareRequest(request);
    request.setRawHeader(QByteArrayLiteral("Accept"), accept);
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Confab/" CONFAB_VERSION));
    m_dialect->setIdentityHeaders(request, m_config);
    // Last, so that a profile can add one (anthropic-beta, say) or replace ours (a proxy's own auth).
    HttpTransport::applyExtraHeaders(request, m_config.extraHeaders);
    return request;
}

ChatStream *HttpChatProvider::streamChat(const ChatRequest &request)
{
    QNetworkRequest networkRequest =
        makeRequest(m_dialect->chatUrl(m_config.baseUrl, request), QByteArrayLiteral("text/event-stream"));
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    qCDebug(lcNet).noquote() << m_dialect->name() << "chat request: model" << request.model << "with"
                             << request.messages.size() << "messages";
    return new HttpChatStream(m_network, networkRequest, m_dialect->chatBody(request),
                              m_dialect->wireFormat(), m_config.idleTimeout, m_config.retry,
                              m_config.maxReplyBytes);
}

ModelListReply *HttpChatProvider::listModels()
{
    const QNetworkRequest networkRequest =
        makeRequest(m_dialect->modelListUrl(m_config.baseUrl), QByteArrayLiteral("application/json"));
    return new HttpModelListReply(m_network, networkRequest, m_dialect->wireFormat(), m_config.idleTimeout);
}
