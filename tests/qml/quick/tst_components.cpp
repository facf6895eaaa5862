// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Quick Test component tests (tst_*.qml beside this file). The components talk to the real
// AppContext: a real store on a temporary SQLite file and the real OpenAI client against the
// scripted server, which answers every request with a short reply.
#include "conversationstore.h"
#include "databaseconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "appcontext.h"
#include "providersetup.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

using namespace Qt::StringLiterals;

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ConfabTest"_s);
        QCoreApplication::setApplicationName(u"tst_components"_s);
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(u"qrc:/"_s); // the Confab module's qmldir, as the app has it
        m_dir = std::make_unique<QTemporaryDir>();
        DatabaseConfig database;
        database.sqlitePath = m_dir->filePath(u"history.sqlite"_s);
        m_store = std::make_unique<ConversationStore>(database);
        m_server = std::make_unique<ScriptedServer>();
        if (!m_server->listen())
            qFatal("the scripted server cannot listen");
        m_server->enqueue("GET", "/v1/models",
                          ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
        m_server->setFallback(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Short reply"_s}).bytes()));
        m_network = std::make_unique<QNetworkAccessManager>();
        ProviderSetup setup;
        setup.config.baseUrl = m_server->baseUrl();
        setup.config.apiKey = u"sk-test"_s;
        setup.model = u"gpt-test"_s;
        m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), setup);
        AppContext::provide(m_context.get());
    }

    void cleanupTestCase()
    {
        m_context.reset();
        m_network.reset();
        m_server.reset();
        m_store.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AppContext> m_context;
};

QUICK_TEST_MAIN_WITH_SETUP(components, Setup)

#include "tst_components.moc"
