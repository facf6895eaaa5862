// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationstore.h"
#include "databaseconfig.h"
#include "settings/databasesetting.h"
#include "ui/appcontext.h"
#include "ui/providersetup.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Confab"));
    QGuiApplication::setOrganizationName(QStringLiteral("Confab"));
    QGuiApplication::setOrganizationDomain(QStringLiteral("confab.github.io"));
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
    const QCommandLineOption baseUrl(
        QStringLiteral("base-url"),
        QGuiApplication::translate("main", "The server's API base URL (default: $OPENAI_BASE_URL or "
                                           "https://api.openai.com/v1)."),
        QStringLiteral("URL"));
    parser.addOption(baseUrl);
    const QCommandLineOption model(
        QStringLiteral("model"),
        QGuiApplication::translate("main",
                                   "The model to ask (default: $OPENAI_MODEL, else the one used last)."),
        QStringLiteral("NAME"));
    parser.addOption(model);
    parser.process(app);

    QString error;
    const std::optional<DatabaseConfig> databaseConfig =
        DatabaseConfig::resolve(parser.value(database), DatabaseSetting::read(), &error);
    if (!databaseConfig) {
        std::fprintf(stderr, "confab: %s\n", qPrintable(error));
        return 2;
    }
    const std::optional<ProviderSetup> provider =
        ProviderSetup::resolve(parser.value(baseUrl), parser.value(model), &error);
    if (!provider) {
        std::fprintf(stderr, "confab: %s\n", qPrintable(error));
        return 2;
    }
    // Opens on its own thread (and recovers replies a crash interrupted); nothing here waits.
    ConversationStore store(*databaseConfig);
    QNetworkAccessManager network;
    // Declared before the engine, so QML's bindings never outlive it.
    AppContext context(&store, &network, *provider);
    AppContext::provide(&context);

    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    QQmlApplicationEngine engine;
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    engine.loadFromModule("Confab", "Main");
#else
    engine.load(QUrl(QStringLiteral("qrc:/Confab/Main.qml")));
#endif
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
