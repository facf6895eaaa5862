// SPDX-License-Identifier: GPL-3.0-or-later
#include "writequeue.h"

#include <algorithm>

void WriteQueue::pushWrite(Work work, Resolve resolve)
{
    m_pending.push_back(Pending{std::move(work), std::move(resolve), {}});
}

void WriteQueue::pushFlush(std::function<void()> flushed)
{
    m_pending.push_back(Pending{{}, {}, std::move(flushed)});
}

int WriteQueue::writeCount() const
{
    return int(
        std::count_if(m_pending.begin(), m_pending.end(), [](const Pending &p) { return bool(p.work); }));
}

void WriteQueue::answerFlushesAtHead()
{
    while (!m_pending.empty() && !m_pending.front().work) {
        auto flushed = std::move(m_pending.front().flushed);
        m_pending.pop_front();
        flushed();
    }
}

void WriteQueue::resolveHead(const StorageError &error)
{
    Pending done = std::move(m_pending.front());
    m_pending.pop_front();
    done.resolve(error);
}

void WriteQueue::failAll(const StorageError &error)
{
    while (!m_pending.empty()) {
        Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        if (pending.work)
            pending.resolve(error);
        else
            pending.flushed();
    }
}
