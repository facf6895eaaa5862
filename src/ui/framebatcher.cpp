// SPDX-License-Identifier: GPL-3.0-or-later
#include "framebatcher.h"

#include "framelog.h"

#include <utility>

FrameBatcher::FrameBatcher(std::chrono::milliseconds frame, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(frame);
    connect(&m_timer, &QTimer::timeout, this, &FrameBatcher::due);
}

void FrameBatcher::add(const QString &messageId, const QString &delta)
{
    m_pending[messageId] += delta;
    if (!m_timer.isActive()) {
        FrameLog::arrived();
        m_timer.start();
    }
}

void FrameBatcher::clear()
{
    m_timer.stop();
    m_pending.clear();
}

QHash<QString, QString> FrameBatcher::take()
{
    m_timer.stop();
    return std::exchange(m_pending, {});
}
