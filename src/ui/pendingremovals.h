// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrow.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

class QTimer;

// Conversations the user removed, hidden while the removal can still be undone: each waits for its
// own undo time, then expires (and is deleted by whoever listens), unless taken back first.
class PendingRemovals : public QObject
{
    Q_OBJECT

public:
    explicit PendingRemovals(QObject *parent = nullptr);

    void add(const ConversationRow &row, int timeoutMs);
    bool contains(const QString &id) const { return m_removals.contains(id); }
    // The hidden row, to keep it current while it waits; null when `id` is not waiting.
    ConversationRow *find(const QString &id);
    // Ends the wait without expiring: the row as it is now, if `id` was waiting.
    std::optional<ConversationRow> take(const QString &id);
    QStringList ids() const { return m_removals.keys(); }

Q_SIGNALS:
    // The undo time of `row` ran out; it is no longer waiting.
    void expired(const ConversationRow &row);

private:
    struct Removal
    {
        ConversationRow row;
        QTimer *timer = nullptr;
    };

    QHash<QString, Removal> m_removals;
};
