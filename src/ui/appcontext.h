// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providersetup.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <QtQml/qqmlregistration.h>

class AppSettings;
class AssistantListModel;
class AssistantStore;
class ChatController;
class ChatProvider;
class CodeHighlighter;
class ConversationListModel;
class ConversationStore;
class ConversationTitler;
class DraftStore;
class MathTypesetter;
class ModelSelection;
class QJSEngine;
class QNetworkAccessManager;
class QQmlEngine;
class NetworkStatus;
class ProviderSettings;
class SearchModel;
class WindowSettings;

// What the window sees of the application (docs/ui.md): the conversation list, search and the
// chat, and whether a message can be sent now and, if not, why. It is the window's composition
// root: main() gives it the store, the network, the settings and the provider settings, it
// builds and wires the window's objects, and main() hands it to the QML engine with provide()
// before loading QML; QML reaches it as the AppContext singleton.
class AppContext : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("chatcontroller.h")
    Q_MOC_INCLUDE("conversationlistmodel.h")
    Q_MOC_INCLUDE("searchmodel.h")
    Q_MOC_INCLUDE("windowsettings.h")
    Q_MOC_INCLUDE("providersettings.h")
    Q_MOC_INCLUDE("assistantlistmodel.h")
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(ConversationListModel *conversations READ conversations CONSTANT)
    Q_PROPERTY(SearchModel *search READ search CONSTANT)
    Q_PROPERTY(ChatController *chat READ chat CONSTANT)
    Q_PROPERTY(WindowSettings *window READ window CONSTANT)
    // Presets to start new chats from.
    Q_PROPERTY(AssistantListModel *assistants READ assistants CONSTANT)
    Q_PROPERTY(QString storageStatus READ storageStatus NOTIFY storageStatusChanged)
    // A damaged history was replaced: what happened and where both files are, until dismissed.
    Q_PROPERTY(QString recoveryNotice READ recoveryNotice NOTIFY recoveryNoticeChanged)
    Q_PROPERTY(bool canSend READ canSend NOTIFY canSendChanged)
    Q_PROPERTY(QString cannotSendReason READ cannotSendReason NOTIFY canSendChanged)
    Q_PROPERTY(QStringList models READ models NOTIFY modelsChanged)
    Q_PROPERTY(QString currentModel READ currentModel WRITE setCurrentModel NOTIFY currentModelChanged)
    Q_PROPERTY(QString serverName READ serverName NOTIFY serverNameChanged)
    // The profiles, keys and first run; null when the provider was given as it is (tests).
    Q_PROPERTY(ProviderSettings *providers READ providers CONSTANT)
    // The model asked to name new conversations; empty: the conversation's own.
    Q_PROPERTY(QString titleModel READ titleModel WRITE setTitleModel NOTIFY titleModelChanged)

public:
    // Talks to `provider` as it is. `store`, `network` and `settings` outlive this object.
    AppContext(ConversationStore *store, QNetworkAccessManager *network, AppSettings *settings,
               const ProviderSetup &provider, QObject *parent = nullptr);
    // Talks to what `providers` resolves, now and whenever the user changes it; it outlives this.
    AppContext(ConversationStore *store, QNetworkAccessManager *network, AppSettings *settings,
               ProviderSettings *providers, QObject *parent = nullptr);
    ~AppContext() override;

    // The QML singleton's factory: the context given to provide() for that engine, owned by C++.
    static AppContext *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    // Makes `context` the AppContext of `engine`'s QML, and its typeset formulas the engine's
    // image://confabmath images; call it before loading QML there.
    static void provide(QQmlEngine *engine, AppContext *context);

    ConversationListModel *conversations() const { return m_conversations; }
    SearchModel *search() const { return m_search; }
    ChatController *chat() const { return m_chat; }
    WindowSettings *window() const { return m_window; }
    AssistantListModel *assistants() const { return m_assistants; }
    ProviderSettings *providers() const { return m_providers; }
    // Typesets the replies' math (QML's MathTypesetter singleton); main() warms it up.
    MathTypesetter *mathTypesetter() const { return m_math; }
    // Colours the code blocks (provide() hands it to the engine for CodeHighlighting).
    CodeHighlighter *codeHighlighter() const { return m_codeHighlighter; }
    // Switches to another server, key or model (a running reply finishes where it started).
    void setProvider(const ProviderSetup &setup);
    QString storageStatus() const;
    QString recoveryNotice() const;
    // The user has read the recovery notice: it is not shown again, here or by confab-cli.
    Q_INVOKABLE void dismissRecoveryNotice();
    bool canSend() const { return m_cannotSendReason.isEmpty(); }
    QString cannotSendReason() const { return m_cannotSendReason; }
    QStringList models() const;
    // The model the next request goes to (ChatController::requestModel): what is shown is sent.
    QString currentModel() const;
    void setCurrentModel(const QString &model);
    QString titleModel() const;
    void setTitleModel(const QString &model);
    // The server's host, for the model selector's tooltip.
    QString serverName() const;

    // Asks the server for its models again (the list is cached between runs).
    Q_INVOKABLE void refreshModels();

Q_SIGNALS:
    void storageStatusChanged();
    void recoveryNoticeChanged();
    void canSendChanged();
    void modelsChanged();
    void currentModelChanged();
    void titleModelChanged();
    void serverNameChanged();

private:
    void init();
    void updateCannotSend();
    void modelsListed(const QStringList &models);

    ConversationStore *m_store;
    QNetworkAccessManager *m_network;
    AppSettings *m_settings;
    ChatProvider *m_provider = nullptr;
    DraftStore *m_drafts;
    ConversationListModel *m_conversations = nullptr;
    SearchModel *m_search = nullptr;
    ChatController *m_chat = nullptr;
    ConversationTitler *m_titler = nullptr;
    WindowSettings *m_window = nullptr;
    std::unique_ptr<AssistantStore> m_assistantStore;
    AssistantListModel *m_assistants = nullptr;
    NetworkStatus *m_networkStatus = nullptr;
    ProviderSettings *m_providers = nullptr;
    ModelSelection *m_models = nullptr;
    MathTypesetter *m_math = nullptr;
    CodeHighlighter *m_codeHighlighter = nullptr;
    ProviderSetup m_setup;
    QString m_followedModel; // the open conversation's, while switching to its profile
    QString m_cannotSendReason;
};
