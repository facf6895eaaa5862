// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatdialect.h"

#include "chatrequest.h"
#include "httptransport.h"
#include "providerconfig.h"

#include <QJsonObject>
#include <QNetworkRequest>

ChatDialect::ChatDialect(QString name, QUrl defaultBaseUrl, QByteArray keyHeader, QByteArray keyPrefix)
    : m_name(std::move(name))
    , m_defaultBaseUrl(std::move(defaultBaseUrl))
    , m_keyHeader(std::move(keyHeader))
    , m_keyPrefix(std::move(keyPrefix))
{}

void ChatDialect::setIdentityHeaders(QNetworkRequest &request, const ProviderConfig &config) const
{
    const QByteArray key = HttpTransport::headerValue(config.apiKey);
    if (!key.isEmpty())
        request.setRawHeader(m_keyHeader, m_keyPrefix + key);
}

void ChatDialect::insertSampling(QJsonObject &body, const ChatRequest &request, const QString &temperature,
                                 const QString &topP, const QString &maxTokens)
{
    if (request.temperature)
        body.insert(temperature, *request.temperature);
    if (request.topP)
        body.insert(topP, *request.topP);
    if (request.maxTokens && !maxTokens.isEmpty())
        body.insert(maxTokens, *request.maxTokens);
}

int ChatDialect::thinkingBudget(ReasoningEffort effort)
{
    switch (effort) {
    case ReasoningEffort::Off:
        return 0;
    case ReasoningEffort::Low:
        return 1024;
    case ReasoningEffort::Medium:
        return 4096;
    case ReasoningEffort::High:
        return 16384;
    }
    return 0;
}
