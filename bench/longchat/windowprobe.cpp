// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowprobe.h"

#include "cputime.h"

#include <QFile>
#include <QQuickWindow>

WindowProbe::WindowProbe(QQuickWindow *window, QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    // frameSwapped comes from the render thread with the threaded loop: queued to this thread.
    connect(
        window, &QQuickWindow::frameSwapped, this, [this] { m_frameTimes.append(m_clock.elapsed()); },
        Qt::QueuedConnection);
}

void WindowProbe::begin()
{
    m_frameTimes.clear();
    m_cpuAtBegin = CpuTime::processNs();
    m_clock.restart();
}

qint64 WindowProbe::longestFrameMs() const
{
    qint64 longest = 0;
    for (qsizetype i = 1; i < m_frameTimes.size(); ++i)
        longest = std::max(longest, m_frameTimes.at(i) - m_frameTimes.at(i - 1));
    return longest;
}

int WindowProbe::framesOver(qint64 ms) const
{
    int over = 0;
    for (qsizetype i = 1; i < m_frameTimes.size(); ++i)
        over += m_frameTimes.at(i) - m_frameTimes.at(i - 1) > ms ? 1 : 0;
    return over;
}

double WindowProbe::cpuPercent() const
{
    const qint64 wallMs = std::max<qint64>(1, m_clock.elapsed());
    return double(CpuTime::processNs() - m_cpuAtBegin) / 1e6 / double(wallMs) * 100.0;
}

double WindowProbe::residentMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return 0;
}
