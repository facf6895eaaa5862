// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>

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
    parser.process(app);

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
