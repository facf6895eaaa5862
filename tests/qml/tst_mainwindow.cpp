// SPDX-License-Identifier: GPL-3.0-or-later
// The real main QML file, loaded from the Confab module as the app loads it, shown in a
// real window, and the installed executable started as a user would.
#include "conversationstore.h"
#include "damagedhistory.h"
#include "databaseconfig.h"
#include "appcontext.h"
#include "profilestore.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "providersettings.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
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

    static QList<QQuickItem *> visualTree(QQuickItem *root)
    {
        QList<QQuickItem *> items;
        for (QQuickItem *child : root->childItems())
            items += QList<QQuickItem *>{child} + visualTree(child);
        return items;
    }

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

    // A damaged history that was replaced: the window says so, naming both files, until the
    // user dismisses it; then no program says it again.
    void recoveryBannerUntilDismissed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        const DamagedHistory history(path, 6, 4, 2);
        QVERIFY2(history.error().isEmpty(), qPrintable(history.error()));
        DatabaseConfig database;
        database.sqlitePath = path;
        ConversationStore store(database);
        QNetworkAccessManager network;
        ProfileStore profiles(dir.filePath(QStringLiteral("profiles.ini")));
        SecretStore secrets(QStringLiteral("ConfabTest-") +
                            QUuid::createUuid().toString(QUuid::WithoutBraces));
        SessionSecrets session;
        ProviderSettings providers(&profiles, &secrets, &session, &network, {});
        AppContext context(&store, &network, &providers);
        AppContext::provide(&context);
        QQmlApplicationEngine engine;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        engine.loadFromModule("Confab", "Main");
#else
        engine.load(QUrl(QStringLiteral("qrc:/Confab/Main.qml")));
#endif
        QCOMPARE(engine.rootObjects().size(), 1);
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window && QTest::qWaitForWindowExposed(window));

        QTRY_VERIFY_WITH_TIMEOUT(!context.recoveryNotice().isEmpty(), 30000);
        const auto banner = [&]() -> QQuickItem * {
            for (QQuickItem *item : visualTree(window->contentItem())) {
                if (item->isVisible() && item->property("text").toString() == context.recoveryNotice() &&
                    item->metaObject()->indexOfSignal("dismissed()") >= 0)
                    return item;
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(banner(), 10000);
        const QString shown = banner()->property("text").toString();
        QVERIFY2(shown.contains(QDir::toNativeSeparators(path)), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral(".corrupt-")), qPrintable(shown));

        // The banner's own close button, clicked.
        QQuickItem *close = nullptr;
        for (QQuickItem *item : visualTree(banner())) {
            if (item->isVisible() && QString::fromLatin1(item->metaObject()->className()).contains(u"Button"))
                close = item;
        }
        QVERIFY(close);
        QTest::mouseClick(window, Qt::LeftButton, {},
                          close->mapToScene(QPointF(close->width() / 2, close->height() / 2)).toPoint());
        QTRY_VERIFY_WITH_TIMEOUT(context.recoveryNotice().isEmpty(), 10000);
        QVERIFY(!banner());
        QVERIFY(!QFile::exists(path + QStringLiteral(".recovery")));
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
