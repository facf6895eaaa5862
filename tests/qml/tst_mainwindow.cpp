// SPDX-License-Identifier: GPL-3.0-or-later
// The real main QML file, loaded from the Confab module as the app loads it, shown in a
// real window, and the installed executable started as a user would.
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsAndShowsTheWindow()
    {
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
