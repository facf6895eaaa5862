// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelselection.h"

#include "appsettings.h"
#include "chatprovider.h"
#include "modellistreply.h"
#include "uilogging.h"

using namespace Qt::StringLiterals;

namespace {
const QString defaultOpenAiModel = u"gpt-4o-mini"_s;
} // namespace

ModelSelection::ModelSelection(AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

ModelSelection::~ModelSelection()
{
    if (m_reply)
        m_reply->abort();
}

QString ModelSelection::switchTo(ChatProvider *provider, const ProviderSetup &setup, const QString &followed)
{
    if (m_reply)
        m_reply->abort();
    m_provider = provider;
    m_setup = setup;
    const QUrl server = setup.config.baseUrl;
    const QStringList cached = m_settings->models(server);
    if (cached != m_models) {
        m_models = cached;
        Q_EMIT modelsChanged();
    }
    setError({});

    QString model = followed;
    if (model.isEmpty())
        model = setup.model;
    if (model.isEmpty())
        model = m_settings->model(server);
    if (model.isEmpty() && !m_models.isEmpty())
        model = m_models.constFirst();
    if (model.isEmpty() && setup.kind == ProviderKind::OpenAi &&
        server.host() == ProviderKinds::defaultBaseUrl(ProviderKind::OpenAi).host())
        model = defaultOpenAiModel;
    return model;
}

void ModelSelection::remember(const QString &model)
{
    m_settings->setModel(m_setup.config.baseUrl, model);
}

void ModelSelection::refresh()
{
    if (!m_provider || m_reply)
        return;
    m_reply = m_provider->listModels();
    m_reply->setParent(this);
    connect(m_reply, &ModelListReply::finished, this, [this](const QStringList &ids) {
        m_reply->deleteLater();
        setModels(ids);
    });
    connect(m_reply, &ModelListReply::failed, this, [this](const ProviderError &error) {
        m_reply->deleteLater();
        qCWarning(lcUi) << "could not list the server's models:" << error.message();
        setError(error.message());
    });
}

void ModelSelection::setModels(const QStringList &models)
{
    m_settings->setModels(m_setup.config.baseUrl, models);
    if (models != m_models) {
        m_models = models;
        Q_EMIT modelsChanged();
    }
    Q_EMIT listed(models);
}

void ModelSelection::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}
