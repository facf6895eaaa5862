// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicdialect.h"

#include "anthropicwireformat.h"
#include "chatrequest.h"
#include "httptransport.h"
#include "providerconfig.h"
#include "providerkind.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QStringList>

using namespace Qt::StringLiterals;

QByteArray AnthropicDialect::apiVersion()
{
    return QByteArrayLiteral("2023-06-01");
}

QUrl AnthropicDialect::defaultBaseUrl() const
{
    return ProviderKinds::defaultBaseUrl(ProviderKind::Anthropic);
}

QString AnthropicDialect::name() const
{
    return u"Anthropic"_s;
}

QUrl AnthropicDialect::chatUrl(const QUrl &baseUrl, const ChatRequest &) const
{
    return HttpTransport::endpointUrl(baseUrl, u"messages");
}

QUrl AnthropicDialect::modelListUrl(const QUrl &baseUrl) const
{
    // The list comes in pages of 20 unless asked for more; 1000 is the most a page holds.
    return HttpTransport::withQueryItem(HttpTransport::endpointUrl(baseUrl, u"models"), u"limit"_s,
                                        u"1000"_s);
}

void AnthropicDialect::setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const
{
    request.setRawHeader(QByteArrayLiteral("anthropic-version"), apiVersion());
    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(QByteArrayLiteral("x-api-key"), key);
}

QByteArray AnthropicDialect::chatBody(const ChatRequest &request) const
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

std::unique_ptr<ChatWireFormat> AnthropicDialect::wireFormat() const
{
    return std::make_unique<AnthropicWireFormat>();
}
