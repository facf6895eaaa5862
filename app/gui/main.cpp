// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"
#include "conversationstore.h"
#include "databaseconfig.h"
#include "databasesetting.h"
#include "appcontext.h"
#include "firstframereport.h"
#include "mathtypesetter.h"
#include "offlineqmlnetwork.h"
#include "framelog.h"
#include "futurecallback.h"
#include "interruptnotifier.h"
#include "databasepassword.h"
#include "profilestore.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "providersettings.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

namespace {

// Everything the window needs, built once the database's password (if it needs one from the
// keychain) is known: the store opens on its own thread, the provider resolves in the background.
struct Window
{
    Window(const DatabaseConfig &database, AppSettings *settings, ProviderSettings *providers)
        : store(database)
        , context(&store, &network, settings, providers)
    {
        AppContext::provide(&engine, &context);
        // MathJax takes about half a second to load: on its own thread, while the window opens.
        context.mathTypesetter()->warmUp();
        engine.setNetworkAccessManagerFactory(&offline); // the window fetches nothing
        QObject::connect(
            &engine, &QQmlApplicationEngine::objectCreationFailed, &engine, [] { QCoreApplication::exit(1); },
            Qt::QueuedConnection);
        reportFirstFrame(&engine);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        engine.loadFromModule("Confab", "Main");
#else
        engine.load(QUrl(QStringLiteral("qrc:/Confab/Main.qml")));
#endif
        for (QObject *root : engine.rootObjects())
            FrameLog::watch(qobject_cast<QQuickWindow *>(root));
    }

    ConversationStore store;
    QNetworkAccessManager network;
    AppContext context; // before the engine, so QML's bindings never outlive it
    OfflineQmlNetwork offline;
    QQmlApplicationEngine engine;
};

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    // Qt's JavaScript compiler lints the bundled highlight.js and MathJax as it loads them (dozens
    // of "used before its declaration" lines about minified code that is correct). QT_LOGGING_RULES
    // still overrides this, for work on our own QML.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.qml.compiler.warning=false"));
    QGuiApplication::setApplicationName(QStringLiteral("Confab"));
    QGuiApplication::setOrganizationName(QStringLiteral("Confab"));
    QGuiApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.confab.Confab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QGuiApplication::translate("main", "A desktop chat client for large language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption database(
        QStringLiteral("database"),
        QGuiApplication::translate("main", "The history database for this run: a SQLite file or a "
                                           "postgresql:// URL (default: $CONFAB_DATABASE, the setting, or "
                                           "the file in your data folder)."),
        QStringLiteral("URL|PATH"));
    parser.addOption(database);
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QGuiApplication::translate("main", "The provider profile for this run (default: the one chosen in "
                                           "the settings; see 'confab-cli profiles list')."),
        QStringLiteral("NAME"));
    parser.addOption(profile);
    const QCommandLineOption baseUrl(
        QStringLiteral("base-url"),
        QGuiApplication::translate("main", "The server's API base URL for this run, instead of the "
                                           "profile's (for the openai profile: $OPENAI_BASE_URL or "
                                           "https://api.openai.com/v1)."),
        QStringLiteral("URL"));
    parser.addOption(baseUrl);
    const QCommandLineOption model(
        QStringLiteral("model"),
        QGuiApplication::translate("main", "The model to ask (default: $OPENAI_MODEL for an OpenAI "
                                           "profile, else the one used last)."),
        QStringLiteral("NAME"));
    parser.addOption(model);
    parser.process(app);

    QString error;
    QString warning;
    const std::optional<DatabaseConfig> databaseConfig =
        DatabaseConfig::resolve(parser.value(database), DatabaseSetting::read(), &error, &warning);
    if (!warning.isEmpty())
        std::fprintf(stderr, "confab: warning: %s\n", qPrintable(warning));
    if (!databaseConfig) {
        std::fprintf(stderr, "confab: %s\n", qPrintable(error));
        return 2;
    }

    // A logout or `kill` quits as closing the window does: drafts and pending writes are kept.
    InterruptNotifier interrupt;
    QObject::connect(&interrupt, &InterruptNotifier::interrupted, &app, &QCoreApplication::quit);

    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    // Keys and passwords come from the keychain only; nothing here waits for it.
    AppSettings settings; // the one settings object; profiles read theirs afresh (appsettings.h)
    ProfileStore profiles;
    SecretStore secrets;
    SessionSecrets session;
    QNetworkAccessManager network;
    ProviderSettings providers(&settings, &profiles, &secrets, &session, &network,
                               {parser.value(profile).trimmed(), parser.value(baseUrl).trimmed(),
                                parser.value(model).trimmed()});
    std::unique_ptr<Window> window;
    onFinished(DatabasePassword::fill(*databaseConfig, &secrets), &app,
               [&window, &settings, &providers](const DatabaseConfig &filled) {
                   window = std::make_unique<Window>(filled, &settings, &providers);
               });
    const int status = app.exec();
    window.reset(); // the window and its store go before the settings they use
    return status;
}
