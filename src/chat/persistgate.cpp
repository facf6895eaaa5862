// SPDX-License-Identifier: GPL-3.0-or-later
#include "persistgate.h"

#include "chatstream.h"

#include <utility>

PersistGate::PersistGate(ChatStream *stream, std::function<void()> writes, QObject *parent,
                         std::chrono::milliseconds deadline)
    : QObject(parent)
    , m_writes(std::move(writes))
{
    connect(stream, &ChatStream::started, this, &PersistGate::open);
    connect(stream, &ChatStream::retrying, this, &PersistGate::open);
    connect(stream, &ChatStream::failed, this, &PersistGate::open);
    connect(stream, &ChatStream::done, this, &PersistGate::open);
    connect(stream, &QObject::destroyed, this, &PersistGate::open);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &PersistGate::open);
    m_deadline.start(deadline);
}

PersistGate::~PersistGate()
{
    if (m_writes)
        std::exchange(m_writes, {})();
}

void PersistGate::open()
{
    if (!m_writes)
        return;
    m_deadline.stop();
    std::exchange(m_writes, {})();
    deleteLater();
}
