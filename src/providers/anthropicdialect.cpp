// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicdialect.h"

#include "alternatingturns.h"
#include "anthropicwireformat.h"
#include "chatrequest.h"
#include "httptransport.h"
#include "providerconfig.h"
#include "providerkind.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

QByteArray AnthropicDialect::apiVersion()
{
    return QByteArrayLiteral("2023-06-01");
}

AnthropicDialect::AnthropicDialect()
    : ChatDialect(u"Anthropic"_s, ProviderKinds::defaultBaseUrl(ProviderKind::Anthropic),
                  QByteArrayLiteral("x-api-key"))
{}

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
    ChatDialect::setIdentityHeaders(request, config);
}

QByteArray AnthropicDialect::chatBody(const ChatRequest &request) const
{
    // The system prompt is a top-level field, not a message; turns of one role in a row are
    // joined into one text. Only the text is sent: the signed thinking of a turn goes back only
    // in a tool loop (issue 16), and a plain conversation needs none.
    const AlternatingTurns conversation = AlternatingTurns::from(request.messages);
    QJsonArray messages;
    for (const AlternatingTurns::Turn &turn : conversation.turns) {
        const QString role = turn.role == ChatMessage::Role::Assistant ? u"assistant"_s : u"user"_s;
        messages.append(QJsonObject{{u"role"_s, role}, {u"content"_s, turn.texts.join(u"\n\n"_s)}});
    }

    int maxTokens = request.maxTokens.value_or(DefaultMaxTokens);
    const int budget = thinkingBudget(request.reasoningEffort.value_or(ReasoningEffort::Off));
    // max_tokens counts the thinking too, and must exceed its budget: a smaller one is added to
    // the budget, so that the answer keeps the room asked for.
    if (budget > 0 && maxTokens <= budget)
        maxTokens += budget;

    QJsonObject body{
        {u"model"_s, request.model},
        {u"max_tokens"_s, maxTokens},
        {u"messages"_s, messages},
        {u"stream"_s, true},
    };
    if (!conversation.system.isEmpty())
        body.insert(u"system"_s, conversation.system.join(u"\n\n"_s));
    if (budget > 0) {
        // Off and unset send nothing: thinking is off unless asked for. With thinking on, the
        // API refuses a changed temperature or top_p, so they are not sent.
        body.insert(u"thinking"_s, QJsonObject{{u"type"_s, u"enabled"_s}, {u"budget_tokens"_s, budget}});
    } else {
        // max_tokens is always in the body above.
        insertSampling(body, request, u"temperature"_s, u"top_p"_s, QString());
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<ChatWireFormat> AnthropicDialect::wireFormat() const
{
    return std::make_unique<AnthropicWireFormat>();
}
