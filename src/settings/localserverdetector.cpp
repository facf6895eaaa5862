// SPDX-License-Identifier: GPL-3.0-or-later
#include "localserverdetector.h"

#include "profilepreset.h"
#include "chatprovider.h"
#include "modellistreply.h"
#include "providerfactory.h"
#include "settingslogging.h"

LocalServerDetector::LocalServerDetector(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

QList<LocalServer> LocalServerDetector::defaultCandidates()
{
    QList<LocalServer> candidates;
    for (const QString &id : {QStringLiteral("ollama"), QStringLiteral("lmstudio")}) {
        if (const auto preset = ProfilePreset::find(id))
            candidates.append({preset->id, preset->displayName, preset->baseUrl, {}});
    }
    return candidates;
}

void LocalServerDetector::start()
{
    if (isRunning())
        return;
    m_replies.clear();
    m_answers = QList<std::optional<LocalServer>>(m_candidates.size());
    m_pending = int(m_candidates.size());
    if (m_pending == 0) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT finished({}); }, Qt::QueuedConnection);
        return;
    }
    for (int i = 0; i < m_candidates.size(); ++i) {
        ProviderConfig config;
        config.baseUrl = m_candidates.at(i).baseUrl;
        config.idleTimeout = m_timeout;
        config.retry.maxRetries = 0;
        // The provider only builds the request; the reply outlives it as the detector's child.
        ChatProvider *provider = createProvider(ProviderKind::OpenAiCompatible, m_network, config, this);
        ModelListReply *reply = provider->listModels();
        reply->setParent(this);
        provider->deleteLater();
        m_replies.append(reply);
        connect(reply, &ModelListReply::finished, this, [this, i, reply](const QStringList &models) {
            reply->deleteLater();
            settle(i, &models);
        });
        connect(reply, &ModelListReply::failed, this, [this, i, reply](const ProviderError &error) {
            reply->deleteLater();
            qCDebug(lcSettings).noquote()
                << "no local server at" << m_candidates.at(i).baseUrl.toString() << ":" << error.message();
            settle(i, nullptr);
        });
    }
}

void LocalServerDetector::abort()
{
    for (const QPointer<ModelListReply> &reply : std::as_const(m_replies)) {
        if (reply) {
            reply->abort();
            reply->deleteLater();
        }
    }
    m_replies.clear();
    m_pending = 0;
}

void LocalServerDetector::settle(int index, const QStringList *models)
{
    if (m_pending == 0 || index >= m_answers.size())
        return;
    if (models) {
        LocalServer server = m_candidates.at(index);
        server.models = *models;
        m_answers[index] = server;
        Q_EMIT found(server);
    }
    if (--m_pending > 0)
        return;
    QList<LocalServer> answering;
    for (const auto &answer : std::as_const(m_answers)) {
        if (answer)
            answering.append(*answer);
    }
    m_replies.clear();
    Q_EMIT finished(answering);
}
