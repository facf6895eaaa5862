// SPDX-License-Identifier: GPL-3.0-or-later
// The cold-start floor: a bare Qt Quick Controls ApplicationWindow of Confab's size and style,
// started the way the app starts its window, for run-coldstart-bench.sh to time side by side
// with the app.
#include "firstframereport.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion")); // as app/gui/main.cpp
    QQmlApplicationEngine engine;
    reportFirstFrame(&engine);
    engine.loadData(R"(
import QtQuick
import QtQuick.Controls
ApplicationWindow {
    width: 1100
    height: 720
    visible: true
    title: "Floor"
}
)");
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
