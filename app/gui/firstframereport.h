// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <cstdio>

// With CONFAB_REPORT_FIRST_FRAME set, writes "first frame swapped" on stderr once the window's
// first frame is on screen: bench/coldstart times the start-up by it, the app's and the floor's
// alike.
inline void reportFirstFrame(QQmlApplicationEngine *engine)
{
    if (qEnvironmentVariableIsEmpty("CONFAB_REPORT_FIRST_FRAME"))
        return;
    QObject::connect(engine, &QQmlApplicationEngine::objectCreated, engine, [](QObject *object) {
        auto *window = qobject_cast<QQuickWindow *>(object);
        if (!window)
            return;
        // From the render thread, straight after the swap; once.
        auto *once = new QMetaObject::Connection;
        *once = QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [once] {
                QObject::disconnect(*once);
                std::fputs("first frame swapped\n", stderr);
                std::fflush(stderr);
            },
            Qt::DirectConnection);
    });
}
