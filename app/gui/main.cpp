// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationstore.h"
#include "databaseconfig.h"
#include "settings/databasesetting.h"

#include <QCommandLineParser>
#include <QGuiApplication>
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
    parser.process(app);

    QString error;
    const std::optional<DatabaseConfig> databaseConfig =
        DatabaseConfig::resolve(parser.value(database), DatabaseSetting::read(), &error);
    if (!databaseConfig) {
        std::fprintf(stderr, "confab: %s\n", qPrintable(error));
        return 2;
    }
    // Opens on its own thread (and recovers replies a crash interrupted); nothing here waits.
    ConversationStore store(*databaseConfig);

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
