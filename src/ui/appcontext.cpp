// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcontext.h"

#include "chatcontroller.h"
#include "conversationlistmodel.h"
#include "conversationtitler.h"
#include "draftstore.h"
#include "futurecallback.h"
#include "assistantlistmodel.h"
#include "assistantstore.h"
#include "searchmodel.h"
#include "conversationstore.h"
#include "modellistreply.h"
#include "chatprovider.h"
#include "providerfactory.h"
#include "providersettings.h"
#include "networkstatus.h"
#include "uilogging.h"
#include "windowsettings.h"

#include <QCoreApplication>
#include <QQmlEngine>
#include <QSettings>

#include <utility>

namespace {
QPointer<AppContext> provided;

// A server on this machine answers without a network.
bool isLocal(const QUrl &url)
{
    const QString host = url.host().toLower();
    return host == QStringLiteral("localhost") || host.startsWith(QStringLiteral("127.")) ||
           host == QStringLiteral("::1");
}

const QString modelsKey = QStringLiteral("provider/models");
const QString modelsServerKey = QStringLiteral("provider/modelsServer");
const QString currentModelKey = QStringLiteral("provider/model");
const QString titleModelKey = QStringLiteral("titles/model");
const QString defaultOpenAiModel = QStringLiteral("gpt-4o-mini");
} // namespace

AppContext::AppContext(ConversationStore *store, QNetworkAccessManager *network,
                       const ProviderSetup &provider, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(network)
    , m_drafts(new DraftStore(&m_settings, this))
{
    init();
    setProvider(provider);
}

AppContext::AppContext(ConversationStore *store, QNetworkAccessManager *network, ProviderSettings *providers,
                       QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(network)
    , m_drafts(new DraftStore(&m_settings, this))
    , m_providers(providers)
{
    init();
    ProviderSetup pending;
    pending.problem = tr("Reading your provider's settings…");
    setProvider(pending);
    connect(m_providers, &ProviderSettings::resolved, this, &AppContext::setProvider);
    m_providers->resolve();
}

void AppContext::init()
{
    m_window = new WindowSettings(&m_settings, this);
    m_assistantStore = std::make_unique<AssistantStore>(&m_settings);
    m_assistants = new AssistantListModel(m_assistantStore.get(), this);
    m_conversations = new ConversationListModel(m_store, this);
    m_search = new SearchModel(m_store, this);
    m_chat = new ChatController(m_store, nullptr, QString(), m_drafts, this);
    m_chat->setAssistants(m_assistantStore.get());
    // The window follows the open conversation: its profile (a conversation from another
    // provider is continued with it) and its model, shown in the selector.
    connect(m_chat, &ChatController::parametersChanged, this, [this] {
        const ConversationParameters parameters = m_chat->parameters();
        if (m_providers && !m_chat->conversationId().isEmpty() && !parameters.profile.isEmpty() &&
            parameters.profile.compare(m_providers->currentProfile(), Qt::CaseInsensitive) != 0) {
            m_followedModel = parameters.model;
            if (!m_providers->setCurrentProfile(parameters.profile).isEmpty())
                m_followedModel.clear(); // that profile is gone: stay with the current one
        }
        updateCannotSend(); // an opening conversation's model is known now
    });
    // The selector shows the model the next request goes to, as the chat decides it.
    connect(m_chat, &ChatController::requestModelChanged, this, [this] {
        Q_EMIT currentModelChanged();
        updateCannotSend();
    });
    // A new chat shows in the sidebar with its first message, before it is saved.
    connect(m_chat, &ChatController::conversationStarted, m_conversations,
            [this](const ConversationRecord &conversation) {
                m_conversations->insertOrUpdate(conversation, true);
            });
    // Named by a second, small request after the first reply; the first words stay otherwise.
    m_titler = new ConversationTitler(nullptr, this);
    m_titler->setModel(m_settings.value(titleModelKey).toString());
    connect(m_chat, &ChatController::firstReplyCompleted, m_titler, &ConversationTitler::generate);
    connect(m_titler, &ConversationTitler::titleReady, m_conversations,
            &ConversationListModel::applyGeneratedTitle);
    connect(m_titler, &ConversationTitler::titleFailed, m_conversations,
            [this](const QString &id) { m_conversations->keepPendingTitle(id); });
    // The open conversation was deleted: the window moves to a new chat.
    connect(m_conversations, &ConversationListModel::removePending, m_chat, [this](const QString &id) {
        if (id == m_chat->conversationId())
            m_chat->newChat();
    });

    m_networkStatus = new NetworkStatus(this);
    connect(m_networkStatus, &NetworkStatus::offlineChanged, this, &AppContext::updateCannotSend);
    connect(m_store, &ConversationStore::recoveryNoticeChanged, this, &AppContext::recoveryNoticeChanged);
    connect(m_store, &ConversationStore::statusChanged, this, [this] {
        Q_EMIT storageStatusChanged();
        updateCannotSend();
    });
}

void AppContext::setProvider(const ProviderSetup &setup)
{
    if (m_modelsReply)
        m_modelsReply->abort();
    ChatProvider *old = m_provider;
    m_setup = setup;
    m_provider = setup.problem.isEmpty() ? createProvider(setup.kind, m_network, setup.config, this) : nullptr;
    m_chat->setProvider(m_provider);
    m_chat->setProfile(m_setup.profile);
    m_titler->setProvider(m_provider);
    if (old)
        old->deleteLater(); // a running reply holds its own stream, not the provider

    // The models seen last time, if they came from this server, fill the selector until the
    // server answers; the model used last with it is chosen again.
    const bool sameServer = m_settings.value(modelsServerKey).toString() == m_setup.config.baseUrl.toString();
    const QStringList models = sameServer ? m_settings.value(modelsKey).toStringList() : QStringList();
    if (models != m_models) {
        m_models = models;
        Q_EMIT modelsChanged();
    }
    // Switched to follow a conversation: it keeps its own model.
    QString model = std::exchange(m_followedModel, QString());
    const bool followed = !model.isEmpty();
    if (model.isEmpty())
        model = m_setup.model;
    if (model.isEmpty() && sameServer)
        model = m_settings.value(currentModelKey).toString();
    if (model.isEmpty() && !m_models.isEmpty())
        model = m_models.constFirst();
    if (model.isEmpty() && m_setup.kind == ProviderKind::OpenAi &&
        m_setup.config.baseUrl.host() == ProviderKinds::defaultBaseUrl(ProviderKind::OpenAi).host())
        model = defaultOpenAiModel;
    m_modelsError.clear();
    // New chats (and the new chat on screen, unless given a model of its own) take the
    // profile's model, even none: an old profile's model would go to the wrong server.
    m_chat->setDefaultModel(model);
    if (!model.isEmpty())
        m_chat->setModel(model); // the open conversation goes on with it
    // Chosen in the settings with a conversation open: the conversation goes on with it.
    if (!followed && !m_setup.profile.isEmpty() && !m_chat->conversationId().isEmpty()) {
        ConversationParameters parameters = m_chat->parameters();
        if (parameters.profile.compare(m_setup.profile, Qt::CaseInsensitive) != 0) {
            parameters.profile = m_setup.profile;
            m_chat->setParameters(parameters);
        }
    }
    Q_EMIT serverNameChanged();
    updateCannotSend();
    refreshModels();
}

AppContext::~AppContext()
{
    if (m_modelsReply)
        m_modelsReply->abort();
    // The chat writes its draft on the way out: it goes before the drafts, which go before
    // the settings they write to (a member, destroyed before the children would be).
    delete m_chat;
    delete m_drafts;
    delete m_assistants; // before the store it reads
}

AppContext *AppContext::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(qmlEngine);
    Q_UNUSED(jsEngine);
    if (!provided) {
        qCCritical(lcUi) << "AppContext::create: no context was provided before QML was loaded";
        return nullptr;
    }
    Q_ASSERT(jsEngine->thread() == provided->thread());
    // The engine must not delete what main() owns.
    QJSEngine::setObjectOwnership(provided, QJSEngine::CppOwnership);
    return provided;
}

void AppContext::provide(AppContext *context)
{
    provided = context;
}

QString AppContext::storageStatus() const
{
    switch (m_store->status()) {
    case ConversationStore::Status::Opening:
    case ConversationStore::Status::Ready:
        return {};
    case ConversationStore::Status::Retrying:
        return tr("Saving is being retried: %1").arg(m_store->statusMessage());
    case ConversationStore::Status::Failed:
        return tr("The history could not be opened: %1").arg(m_store->statusMessage());
    case ConversationStore::Status::ReadOnly:
        return m_store->statusMessage();
    }
    return {};
}

QString AppContext::recoveryNotice() const
{
    return m_store->recoveryNotice();
}

void AppContext::dismissRecoveryNotice()
{
    onFinished(m_store->dismissRecoveryNotice(), this, [](const StorageError &error) {
        if (error.isError())
            qCWarning(lcUi) << "cannot dismiss the recovery notice:" << error.message;
    });
}

QString AppContext::titleModel() const
{
    return m_titler->model();
}

void AppContext::setTitleModel(const QString &model)
{
    if (model.trimmed() == m_titler->model())
        return;
    m_titler->setModel(model);
    m_settings.setValue(titleModelKey, m_titler->model());
    Q_EMIT titleModelChanged();
}

QString AppContext::currentModel() const
{
    return m_chat->requestModel();
}

void AppContext::setCurrentModel(const QString &model)
{
    if (model == currentModel())
        return;
    m_chat->setModel(model); // currentModelChanged follows from the chat
    m_settings.setValue(currentModelKey, model);
    m_settings.setValue(modelsServerKey, m_setup.config.baseUrl.toString());
}

QString AppContext::serverName() const
{
    return m_setup.config.baseUrl.host();
}

void AppContext::refreshModels()
{
    if (!m_provider || m_modelsReply)
        return;
    m_modelsReply = m_provider->listModels();
    m_modelsReply->setParent(this);
    connect(m_modelsReply, &ModelListReply::finished, this, [this](const QStringList &ids) {
        m_modelsReply->deleteLater();
        setModels(ids);
    });
    connect(m_modelsReply, &ModelListReply::failed, this, [this](const ProviderError &error) {
        m_modelsReply->deleteLater();
        qCWarning(lcUi) << "could not list the server's models:" << error.message();
        m_modelsError = error.message();
        updateCannotSend();
    });
}

void AppContext::setModels(const QStringList &models)
{
    m_settings.setValue(modelsKey, models);
    m_settings.setValue(modelsServerKey, m_setup.config.baseUrl.toString());
    if (models != m_models) {
        m_models = models;
        Q_EMIT modelsChanged();
    }
    // No model yet for new chats: the server's first. An open conversation with a model of its
    // own keeps it.
    if (m_chat->defaultModel().isEmpty() && !m_models.isEmpty()) {
        if (currentModel().isEmpty())
            setCurrentModel(m_models.constFirst());
        else
            m_chat->setDefaultModel(m_models.constFirst());
    }
}

void AppContext::updateCannotSend()
{
    QString reason;
    if (m_store->status() == ConversationStore::Status::Failed)
        reason = tr("Your history could not be opened, so nothing would be saved: %1")
                     .arg(m_store->statusMessage());
    else if (m_store->status() == ConversationStore::Status::ReadOnly)
        reason = tr("Your history is read-only, so nothing would be saved: %1").arg(m_store->statusMessage());
    else if (!m_setup.problem.isEmpty())
        reason = m_setup.problem;
    else if (m_networkStatus->isOffline() && !isLocal(m_setup.config.baseUrl))
        reason = tr("You are offline: connect to a network to send. Your conversations are all here "
                    "to read and search.");
    else if (currentModel().isEmpty() && !m_modelsError.isEmpty())
        reason = tr("No model to ask: %1 did not list its models (%2). Start Confab with --model "
                    "to name one.")
                     .arg(serverName(), m_modelsError);
    else if (m_chat->isOpening())
        reason.clear(); // its model is known in a moment; a message sent meanwhile waits for it
    else if (currentModel().isEmpty())
        reason = tr("Waiting for %1 to list its models…").arg(serverName());
    if (reason == m_cannotSendReason)
        return;
    m_cannotSendReason = reason;
    Q_EMIT canSendChanged();
}
