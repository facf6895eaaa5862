// SPDX-License-Identifier: GPL-3.0-or-later
#include "framelog.h"

#include <QLoggingCategory>
#include <QQuickWindow>

#include <chrono>

Q_LOGGING_CATEGORY(lcFrames, "confab.frames", QtWarningMsg)

namespace {

// Microseconds on the steady clock, the same on the GUI and the render thread.
long long nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

namespace FrameLog {

void arrived()
{
    qCDebug(lcFrames, "arrived %lld", nowUs());
}

void handedOver()
{
    qCDebug(lcFrames, "handed %lld", nowUs());
}

void watch(QQuickWindow *window)
{
    if (!window || !lcFrames().isDebugEnabled())
        return;
    // Direct: these come from the render thread, and their time is the point.
    QObject::connect(
        window, &QQuickWindow::beforeSynchronizing, window, [] { qCDebug(lcFrames, "sync %lld", nowUs()); },
        Qt::DirectConnection);
    QObject::connect(
        window, &QQuickWindow::frameSwapped, window, [] { qCDebug(lcFrames, "swap %lld", nowUs()); },
        Qt::DirectConnection);
}

} // namespace FrameLog
