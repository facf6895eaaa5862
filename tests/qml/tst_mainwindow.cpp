// SPDX-License-Identifier: GPL-3.0-or-later
// The real main QML file, loaded from the Confab module as the app loads it, shown in a
// real window, and the installed executable started as a user would.
#include "conversationstore.h"
#include "databaseconfig.h"
#include "ui/appcontext.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "settings/sessionsecrets.h"
#include "ui/providersettings.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The window's settings (geometry, theme, drafts) go to a test location.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ConfabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void loadsAndShowsTheWindow()
    {
        // What main() builds: a real store on a fresh SQLite file, and a provider (OpenAI's
        // API without a key, so nothing goes out and the window says what to do).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseConfig database;
        database.sqlitePath = dir.filePath(QStringLiteral("history.sqlite"));
        ConversationStore store(database);
        QNetworkAccessManager network;
        // As main() builds it: the profiles (only the built-in openai one) and a keychain with
        // no key in it, so the window opens and says what to do.
        ProfileStore profiles(dir.filePath(QStringLiteral("profiles.ini")));
        SecretStore secrets(QStringLiteral("ConfabTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
        SessionSecrets session;
        ProviderSettings providers(&profiles, &secrets, &session, &network, {});
        AppContext context(&store, &network, &providers);
        AppContext::provide(&context);
        QVERIFY(!context.canSend());
        QTRY_VERIFY_WITH_TIMEOUT(context.cannotSendReason().contains(QStringLiteral("API key in Settings")), 20000);
        QVERIFY(providers.firstRun());

        QQmlApplicationEngine engine;
        QList<QQmlError> warnings;
        connect(&engine, &QQmlEngine::warnings, this,
                [&warnings](const QList<QQmlError> &w) { warnings += w; });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        engine.loadFromModule("Confab", "Main");
#else
        engine.load(QUrl(QStringLiteral("qrc:/Confab/Main.qml")));
#endif
        QCOMPARE(engine.rootObjects().size(), 1);
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        QCOMPARE(window->title(), QStringLiteral("Confab"));
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QSignalSpy swapped(window, &QQuickWindow::frameSwapped);
        window->update();
        QVERIFY(swapped.wait(10000));
        QVERIFY2(warnings.isEmpty(),
                 qPrintable(warnings.isEmpty() ? QString() : warnings.constFirst().toString()));
    }

    void executableStartsAndAnswersVersion()
    {
        QProcess confab;
        confab.start(QStringLiteral(CONFAB_GUI_PATH), {QStringLiteral("--version")});
        QVERIFY(confab.waitForFinished(30000));
        QCOMPARE(confab.exitStatus(), QProcess::NormalExit);
        QCOMPARE(confab.exitCode(), 0);
        QVERIFY(confab.readAllStandardOutput().startsWith("Confab " CONFAB_VERSION));
    }

    void badDatabaseIsRefusedWithoutShowingThePassword()
    {
        QProcess confab;
        confab.start(QStringLiteral(CONFAB_GUI_PATH),
                     {QStringLiteral("--database"), QStringLiteral("postgresql://me:s3cret@db.example/")});
        QVERIFY(confab.waitForFinished(30000));
        QCOMPARE(confab.exitCode(), 2);
        const QByteArray err = confab.readAllStandardError();
        QVERIFY2(err.contains("confab: invalid database URL"), err.constData());
        QVERIFY(!err.contains("s3cret"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
