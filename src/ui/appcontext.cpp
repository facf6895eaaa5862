// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcontext.h"

#include "appsettings.h"
#include "chatcontroller.h"
#include "codehighlighter.h"
#include "codehighlighting.h"
#include "conversationlistmodel.h"
#include "conversationtitler.h"
#include "draftstore.h"
#include "futurecallback.h"
#include "assistantlistmodel.h"
#include "assistantstore.h"
#include "searchmodel.h"
#include "conversationstore.h"
#include "modelselection.h"
#include "chatprovider.h"
#include "providerfactory.h"
#include "providersettings.h"
#include "mathimageprovider.h"
#include "mathtypesetter.h"
#include "networkstatus.h"
#include "sendreadiness.h"
#include "uilogging.h"
#include "windowsettings.h"

#include <QCoreApplication>
#include <QQmlEngine>

#include <utility>

namespace {
// The engine's property that holds its context (provide()).
constexpr char contextProperty[] = "confabAppContext";
} // namespace

AppContext::AppContext(ConversationStore *store, QNetworkAccessManager *network, AppSettings *settings,
                       const ProviderSetup &provider, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(network)
    , m_settings(settings)
    , m_drafts(new DraftStore(settings->file(), this))
{
    init();
    setProvider(provider);
}

AppContext::AppContext(ConversationStore *store, QNetworkAccessManager *network, AppSettings *settings,
                       ProviderSettings *providers, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(network)
    , m_settings(settings)
    , m_drafts(new DraftStore(settings->file(), this))
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
    m_math = new MathTypesetter(this);
    m_window = new WindowSettings(m_settings->file(), this);
    // highlight.js loads at the first code block, on the highlighter's own thread.
    m_codeHighlighter = new CodeHighlighter(this);
    m_assistantStore = std::make_unique<AssistantStore>(m_settings->file());
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
    m_titler->setModel(m_settings->titleModel());
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

    m_models = new ModelSelection(m_settings, this);
    connect(m_models, &ModelSelection::modelsChanged, this, &AppContext::modelsChanged);
    connect(m_models, &ModelSelection::errorChanged, this, &AppContext::updateCannotSend);
    connect(m_models, &ModelSelection::listed, this, &AppContext::modelsListed);
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
    ChatProvider *old = m_provider;
    m_setup = setup;
    m_provider = setup.problem.isEmpty() ? createProvider(setup.kind, m_network, setup.config, this) : nullptr;
    m_chat->setProvider(m_provider);
    m_chat->setProfile(m_setup.profile);
    m_titler->setProvider(m_provider);
    // Switched to follow a conversation: it keeps its own model.
    const QString followed = std::exchange(m_followedModel, QString());
    const QString model = m_models->switchTo(m_provider, m_setup, followed);
    if (old)
        old->deleteLater(); // a running reply holds its own stream, not the provider
    // New chats (and the new chat on screen, unless given a model of its own) take the
    // profile's model, even none: an old profile's model would go to the wrong server.
    m_chat->setDefaultModel(model);
    if (!model.isEmpty())
        m_chat->setModel(model); // the open conversation goes on with it
    // Chosen in the settings with a conversation open: the conversation goes on with it.
    if (followed.isEmpty() && !m_setup.profile.isEmpty() && !m_chat->conversationId().isEmpty()) {
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
    delete m_models; // aborting its request reports to this object, whole until then
    // The chat writes its draft on the way out: it goes before the drafts, which go before
    // the settings they write to (a member, destroyed before the children would be).
    delete m_chat;
    delete m_drafts;
    delete m_assistants; // before the store it reads
}

AppContext *AppContext::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(jsEngine);
    auto *context = qobject_cast<AppContext *>(qmlEngine->property(contextProperty).value<QObject *>());
    if (!context) {
        qCCritical(lcUi) << "AppContext::create: no context was provided before QML was loaded";
        return nullptr;
    }
    Q_ASSERT(qmlEngine->thread() == context->thread());
    // The engine must not delete what main() owns.
    QJSEngine::setObjectOwnership(context, QJSEngine::CppOwnership);
    return context;
}

void AppContext::provide(QQmlEngine *engine, AppContext *context)
{
    engine->setProperty(contextProperty, QVariant::fromValue<QObject *>(context));
    const QString images = MathImageProvider::scheme();
    if (engine->imageProvider(images))
        engine->removeImageProvider(images);
    engine->addImageProvider(images, new MathImageProvider(context->mathTypesetter()->images()));
    CodeHighlighting::provide(engine, context->codeHighlighter());
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
    m_settings->setTitleModel(m_titler->model());
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
    m_models->remember(model);
}

QString AppContext::serverName() const
{
    return m_setup.config.baseUrl.host();
}

QStringList AppContext::models() const
{
    return m_models->models();
}

void AppContext::refreshModels()
{
    m_models->refresh();
}

void AppContext::modelsListed(const QStringList &models)
{
    // No model yet for new chats: the server's first. An open conversation with a model of its
    // own keeps it.
    if (m_chat->defaultModel().isEmpty() && !models.isEmpty()) {
        if (currentModel().isEmpty())
            setCurrentModel(models.constFirst());
        else
            m_chat->setDefaultModel(models.constFirst());
    }
}

void AppContext::updateCannotSend()
{
    SendReadiness readiness;
    readiness.storeStatus = m_store->status();
    readiness.storeMessage = m_store->statusMessage();
    readiness.setupProblem = m_setup.problem;
    readiness.offline = m_networkStatus->isOffline();
    readiness.server = m_setup.config.baseUrl;
    readiness.model = currentModel();
    readiness.modelsError = m_models->error();
    readiness.opening = m_chat->isOpening();
    const QString reason = readiness.reason();
    if (reason == m_cannotSendReason)
        return;
    m_cannotSendReason = reason;
    Q_EMIT canSendChanged();
}
