// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGuiApplication>

// The markdown targets render with Qt's GUI classes (fonts, the palette): an application on the
// offscreen platform, so that no display is needed, made once and never destroyed: its font
// caches stay reachable at exit instead of being half torn down under LeakSanitizer's eyes.
inline void makeGuiApplication()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "confab-fuzz";
    static char *argv[] = {name, nullptr};
    static QGuiApplication *application = new QGuiApplication(argc, argv);
    Q_UNUSED(application);
}
