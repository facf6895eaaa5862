// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaidialect.h"

#include "chatrequest.h"
#include "httptransport.h"
#include "openaiwireformat.h"
#include "providerconfig.h"
#include "providerkind.h"

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

QString reasoningEffort(ReasoningEffort effort)
{
    return effort == ReasoningEffort::Off ? u"none"_s : ReasoningEffortName::of(effort);
}

} // namespace

OpenAiDialect::OpenAiDialect()
    : ChatDialect(u"OpenAI"_s, ProviderKinds::defaultBaseUrl(ProviderKind::OpenAi),
                  QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer "))
{}

QUrl OpenAiDialect::chatUrl(const QUrl &baseUrl, const ChatRequest &) const
{
    return HttpTransport::endpointUrl(baseUrl, u"chat/completions");
}

QUrl OpenAiDialect::modelListUrl(const QUrl &baseUrl) const
{
    return HttpTransport::endpointUrl(baseUrl, u"models");
}

void OpenAiDialect::setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const
{
    ChatDialect::setIdentityHeaders(request, config);
    const QByteArray organization = HttpTransport::headerValue(config.organization);
    if (!organization.isEmpty())
        request.setRawHeader(QByteArrayLiteral("OpenAI-Organization"), organization);
    const QByteArray project = HttpTransport::headerValue(config.project);
    if (!project.isEmpty())
        request.setRawHeader(QByteArrayLiteral("OpenAI-Project"), project);
}

QByteArray OpenAiDialect::chatBody(const ChatRequest &request) const
{
    // Only the text of a turn is sent: earlier thinking never goes back (DeepSeek refuses
    // reasoning_content in the input, and no compatible server wants it).
    QJsonArray messages;
    for (const ChatMessage &message : request.messages)
        messages.append(QJsonObject{{u"role"_s, roleName(message.role)}, {u"content"_s, message.content}});

    QJsonObject body{
        {u"model"_s, request.model},
        {u"messages"_s, messages},
        {u"stream"_s, true},
        {u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}}},
    };
    insertSampling(body, request, u"temperature"_s, u"top_p"_s, u"max_tokens"_s);
    // Unset leaves it to the server: a model that cannot reason may refuse the field.
    if (request.reasoningEffort)
        body.insert(u"reasoning_effort"_s, reasoningEffort(*request.reasoningEffort));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<ChatWireFormat> OpenAiDialect::wireFormat() const
{
    return std::make_unique<OpenAiWireFormat>();
}
