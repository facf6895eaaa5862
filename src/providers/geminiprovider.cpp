// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminiprovider.h"

#include "geminiwireformat.h"
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

QNetworkRequest makeRequest(const ProviderConfig &config, QStringView path, const QUrlQuery &query,
                            const QByteArray &accept)
{
    QUrl url = HttpTransport::endpointUrl(config.baseUrl, path);
    QUrlQuery fullQuery(url); // a base URL may carry its own query
    for (const auto &[name, value] : query.queryItems(QUrl::FullyEncoded))
        fullQuery.addQueryItem(name, value);
    url.setQuery(fullQuery);

    QNetworkRequest request(url);
    HttpTransport::prepareRequest(request);
    request.setRawHeader(QByteArrayLiteral("Accept"), accept);
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Confab/" CONFAB_VERSION));
    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(QByteArrayLiteral("x-goog-api-key"), key);

    // Last, so that a profile can add or replace a header (a proxy's own auth, say).
    HttpTransport::applyExtraHeaders(request, config.extraHeaders);
    return request;
}

QJsonObject textContent(const QString &role, const QJsonArray &parts)
{
    QJsonObject content{{u"parts"_s, parts}};
    if (!role.isEmpty())
        content.insert(u"role"_s, role);
    return content;
}

} // namespace

QUrl GeminiProvider::defaultBaseUrl()
{
    return QUrl(u"https://generativelanguage.googleapis.com/v1beta"_s);
}

GeminiProvider::GeminiProvider(QNetworkAccessManager *network, ProviderConfig config, QObject *parent)
    : ChatProvider(parent)
    , m_network(network)
    , m_config(std::move(config))
{
    Q_ASSERT(m_network);
    if (m_config.baseUrl.isEmpty())
        m_config.baseUrl = defaultBaseUrl();
}

QString GeminiProvider::streamPath(const QString &model)
{
    const QString name = model.trimmed();
    const QString resource = name.contains(u'/') ? name : u"models/"_s + name;
    // Percent-encoded, so that no character of a model name can change the path's meaning.
    return QString::fromLatin1(QUrl::toPercentEncoding(resource, "/")) + u":streamGenerateContent"_s;
}

QByteArray GeminiProvider::chatBody(const ChatRequest &request)
{
    // System messages become the system instruction. Turns of one role in a row are sent as
    // one turn of several parts: Gemini wants user and model to alternate. Empty text is
    // left out: the API rejects an empty part.
    QJsonArray systemParts;
    QJsonArray contents;
    QString pendingRole;
    QJsonArray pendingParts;
    const auto flush = [&] {
        if (!pendingParts.isEmpty())
            contents.append(textContent(pendingRole, pendingParts));
        pendingParts = QJsonArray();
    };
    for (const ChatMessage &message : request.messages) {
        if (message.content.trimmed().isEmpty())
            continue;
        const QJsonObject part{{u"text"_s, message.content}};
        if (message.role == ChatMessage::Role::System) {
            systemParts.append(part);
            continue;
        }
        const QString role = message.role == ChatMessage::Role::Assistant ? u"model"_s : u"user"_s;
        // Gemini wants the user to speak first; a preset's greeting is the one thing the model
        // need not see.
        if (role == u"model"_s && pendingRole.isEmpty())
            continue;
        if (role != pendingRole)
            flush();
        pendingRole = role;
        pendingParts.append(part);
    }
    flush();

    QJsonObject body{{u"contents"_s, contents}};
    if (!systemParts.isEmpty())
        body.insert(u"systemInstruction"_s, textContent(QString(), systemParts));
    QJsonObject generationConfig;
    if (request.temperature)
        generationConfig.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        generationConfig.insert(u"topP"_s, *request.topP);
    if (request.maxTokens)
        generationConfig.insert(u"maxOutputTokens"_s, *request.maxTokens);
    if (!generationConfig.isEmpty())
        body.insert(u"generationConfig"_s, generationConfig);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ChatStream *GeminiProvider::streamChat(const ChatRequest &request)
{
    QUrlQuery query;
    query.addQueryItem(u"alt"_s, u"sse"_s);
    QNetworkRequest networkRequest =
        makeRequest(m_config, streamPath(request.model), query, QByteArrayLiteral("text/event-stream"));
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    qCDebug(lcNet).noquote() << "Gemini chat request: model" << request.model << "with"
                             << request.messages.size() << "messages";
    return new HttpChatStream(m_network, networkRequest, chatBody(request),
                              std::make_unique<GeminiWireFormat>(), m_config.idleTimeout, m_config.retry,
                              m_config.maxReplyBytes);
}

ModelListReply *GeminiProvider::listModels()
{
    // Pages hold 50 models unless asked for more; 1000 is the most one holds, more than exist.
    QUrlQuery query;
    query.addQueryItem(u"pageSize"_s, u"1000"_s);
    const QNetworkRequest networkRequest =
        makeRequest(m_config, u"models", query, QByteArrayLiteral("application/json"));
    return new HttpModelListReply(m_network, networkRequest, std::make_unique<GeminiWireFormat>(),
                                  m_config.idleTimeout);
}
