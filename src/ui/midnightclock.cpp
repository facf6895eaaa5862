// SPDX-License-Identifier: GPL-3.0-or-later
#include "midnightclock.h"

#include <algorithm>
#include <chrono>
#include <utility>

MidnightClock::MidnightClock(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &MidnightClock::update);
    update();
}

void MidnightClock::setClock(Clock clock)
{
    m_clock = std::move(clock);
    update();
}

void MidnightClock::update()
{
    const QDateTime now = m_clock().toLocalTime();
    const QDate today = now.date();
    const bool changed = m_today.isValid() && today != m_today;
    m_today = today;
    const QDateTime midnight(today.addDays(1), QTime(0, 0));
    // Just after midnight, and at least hourly in case the clock jumps.
    const qint64 wait = std::clamp<qint64>(now.msecsTo(midnight) + 1000, 1000, 3600 * 1000);
    m_timer.start(std::chrono::milliseconds(wait));
    if (changed)
        Q_EMIT dayChanged();
}
