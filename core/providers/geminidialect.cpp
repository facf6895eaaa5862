// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminidialect.h"

#include "chatrequest.h"
#include "geminiwireformat.h"
#include "httptransport.h"
#include "providerconfig.h"
#include "providerkind.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject textContent(const QString &role, const QJsonArray &parts)
{
    QJsonObject content{{u"parts"_s, parts}};
    if (!role.isEmpty())
        content.insert(u"role"_s, role);
    return content;
}

} // namespace

QString GeminiDialect::streamPath(const QString &model)
{
    const QString name = model.trimmed();
    const QString resource = name.contains(u'/') ? name : u"models/"_s + name;
    // Percent-encoded, so that no character of a model name can change the path's meaning.
    return QString::fromLatin1(QUrl::toPercentEncoding(resource, "/")) + u":streamGenerateContent"_s;
}

QUrl GeminiDialect::defaultBaseUrl() const
{
    return ProviderKinds::defaultBaseUrl(ProviderKind::Gemini);
}

QString GeminiDialect::name() const
{
    return u"Gemini"_s;
}

QUrl GeminiDialect::chatUrl(const QUrl &baseUrl, const ChatRequest &request) const
{
    return HttpTransport::withQueryItem(HttpTransport::endpointUrl(baseUrl, streamPath(request.model)),
                                        u"alt"_s, u"sse"_s);
}

QUrl GeminiDialect::modelListUrl(const QUrl &baseUrl) const
{
    // Pages hold 50 models unless asked for more; 1000 is the most one holds, more than exist.
    return HttpTransport::withQueryItem(HttpTransport::endpointUrl(baseUrl, u"models"), u"pageSize"_s,
                                        u"1000"_s);
}

void GeminiDialect::setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const
{
    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(QByteArrayLiteral("x-goog-api-key"), key);
}

QByteArray GeminiDialect::chatBody(const ChatRequest &request) const
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

std::unique_ptr<ChatWireFormat> GeminiDialect::wireFormat() const
{
    return std::make_unique<GeminiWireFormat>();
}
