// SPDX-License-Identifier: GPL-3.0-or-later
#include "framebatcher.h"

#include "framelog.h"

#include <algorithm>
#include <utility>

FrameBatcher::FrameBatcher(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_interval(interval)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &FrameBatcher::due);
}

void FrameBatcher::add(const QString &messageId, const QString &delta)
{
    m_pending[messageId] += delta;
    if (m_timer.isActive())
        return;
    FrameLog::arrived();
    const qint64 since = m_sinceDelivery.isValid() ? m_sinceDelivery.elapsed() : m_interval.count();
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, m_interval.count() - since)));
}

void FrameBatcher::clear()
{
    m_timer.stop();
    m_pending.clear();
}

QHash<QString, QString> FrameBatcher::take()
{
    m_timer.stop();
    m_sinceDelivery.start();
    return std::exchange(m_pending, {});
}
