// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QQuickWindow;

// Timestamps for the GUI streaming benchmark (bench/gui), as debug lines of confab.frames (off
// unless that category is enabled): when streamed text arrives, when the model hands it to the
// views, and when each frame begins to synchronise and reaches the screen. Text handed over
// before a frame's synchronisation is in that frame, so arrival to its swap is the latency.
namespace FrameLog {
void arrived();
void handedOver();
// Logs every frame of the window when the category is enabled; nothing otherwise.
void watch(QQuickWindow *window);
} // namespace FrameLog
