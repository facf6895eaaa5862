// SPDX-License-Identifier: GPL-3.0-or-later
#include "pendingremovals.h"

#include <QTimer>

PendingRemovals::PendingRemovals(QObject *parent)
    : QObject(parent)
{}

void PendingRemovals::add(const ConversationRow &row, int timeoutMs)
{
    const QString id = row.record.id;
    take(id); // a second removal of the same row starts its wait again
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(timeoutMs);
    connect(timer, &QTimer::timeout, this, [this, id] {
        if (const std::optional<ConversationRow> row = take(id))
            Q_EMIT expired(*row);
    });
    timer->start();
    m_removals.insert(id, Removal{row, timer});
}

ConversationRow *PendingRemovals::find(const QString &id)
{
    const auto it = m_removals.find(id);
    return it == m_removals.end() ? nullptr : &it->row;
}

std::optional<ConversationRow> PendingRemovals::take(const QString &id)
{
    const auto it = m_removals.find(id);
    if (it == m_removals.end())
        return std::nullopt;
    const Removal removal = it.value();
    m_removals.erase(it);
    // It may be in its own timeout.
    removal.timer->stop();
    removal.timer->deleteLater();
    return removal.row;
}
