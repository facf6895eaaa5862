// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminidialect.h"

#include "alternatingturns.h"
#include "chatrequest.h"
#include "geminiwireformat.h"
#include "httptransport.h"
#include "providerconfig.h"
#include "providerkind.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QJsonObject textContent(const QString &role, const QStringList &texts)
{
    QJsonArray parts;
    for (const QString &text : texts)
        parts.append(QJsonObject{{u"text"_s, text}});
    QJsonObject content{{u"parts"_s, parts}};
    if (!role.isEmpty())
        content.insert(u"role"_s, role);
    return content;
}

// Budget 0 turns thinking off (a model that always thinks refuses it). includeThoughts brings the
// thinking back, but a model that cannot think, or does not by default, refuses it with 400
// INVALID_ARGUMENT ("include_thoughts is only enabled when thinking is enabled"): it is sent only
// with a budget, which turns thinking on, so unset sends no thinkingConfig at all.
QJsonObject thinkingConfig(ReasoningEffort effort)
{
    const int budget = ChatDialect::thinkingBudget(effort);
    QJsonObject config{{u"thinkingBudget"_s, budget}};
    if (budget > 0)
        config.insert(u"includeThoughts"_s, true);
    return config;
}

} // namespace

QString GeminiDialect::streamPath(const QString &model)
{
    const QString name = model.trimmed();
    const QString resource = name.contains(u'/') ? name : u"models/"_s + name;
    // Percent-encoded, so that no character of a model name can change the path's meaning.
    return QString::fromLatin1(QUrl::toPercentEncoding(resource, "/")) + u":streamGenerateContent"_s;
}

GeminiDialect::GeminiDialect()
    : ChatDialect(u"Gemini"_s, ProviderKinds::defaultBaseUrl(ProviderKind::Gemini),
                  QByteArrayLiteral("x-goog-api-key"))
{}

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

QByteArray GeminiDialect::chatBody(const ChatRequest &request) const
{
    // System messages become the system instruction; turns of one role in a row are sent as one
    // turn of several parts. Only text parts are sent: earlier thoughts never go back.
    const AlternatingTurns conversation = AlternatingTurns::from(request.messages);
    QJsonArray contents;
    for (const AlternatingTurns::Turn &turn : conversation.turns)
        contents.append(
            textContent(turn.role == ChatMessage::Role::Assistant ? u"model"_s : u"user"_s, turn.texts));

    QJsonObject body{{u"contents"_s, contents}};
    if (!conversation.system.isEmpty())
        body.insert(u"systemInstruction"_s, textContent(QString(), conversation.system));
    QJsonObject generationConfig;
    insertSampling(generationConfig, request, u"temperature"_s, u"topP"_s, u"maxOutputTokens"_s);
    if (request.reasoningEffort)
        generationConfig.insert(u"thinkingConfig"_s, thinkingConfig(*request.reasoningEffort));
    if (!generationConfig.isEmpty())
        body.insert(u"generationConfig"_s, generationConfig);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<ChatWireFormat> GeminiDialect::wireFormat() const
{
    return std::make_unique<GeminiWireFormat>();
}
