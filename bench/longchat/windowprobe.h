// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>

class QQuickWindow;

// Watches a window from the outside: the frames it swaps (when, how far apart), the process's
// CPU time and resident memory, so a phase of the benchmark can be measured the same way for the
// app and for its floor.
class WindowProbe : public QObject
{
    Q_OBJECT

public:
    explicit WindowProbe(QQuickWindow *window, QObject *parent = nullptr);

    // Starts a phase: frames, CPU and time are counted from now.
    void begin();
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    int frames() const { return int(m_frameTimes.size()); }
    // The frames' times since begin(), in ms.
    const QList<qint64> &frameTimes() const { return m_frameTimes; }
    // The longest gap between two frames of the phase, in ms (0 with fewer than two frames).
    qint64 longestFrameMs() const;
    // Gaps longer than `ms`.
    int framesOver(qint64 ms) const;
    // The phase's CPU time as a percentage of one core over its wall time.
    double cpuPercent() const;

    static double residentMb();

private:
    QElapsedTimer m_clock;
    qint64 m_cpuAtBegin = 0;
    QList<qint64> m_frameTimes;
};
