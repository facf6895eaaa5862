// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"

#include <QString>
#include <QtGlobal>

// Where a conversation sits in the list, exactly as ConversationRepository::listConversations
// orders and pages it: pinned first, then the most recently updated, then by id, descending.
struct ConversationSortKey
{
    bool pinned = false;
    qint64 updatedAt = 0; // UTC milliseconds: the store's precision
    QString id;

    static ConversationSortKey of(const ConversationRecord &record)
    {
        // The store saves an unset updated_at as the creation time.
        const QDateTime &time = record.updatedAt.isValid() ? record.updatedAt : record.createdAt;
        return {record.pinned, time.isValid() ? time.toMSecsSinceEpoch() : 0, record.id};
    }

    bool operator==(const ConversationSortKey &) const = default;

    // Whether this key is listed before `other`.
    bool comesBefore(const ConversationSortKey &other) const
    {
        if (pinned != other.pinned)
            return pinned;
        if (updatedAt != other.updatedAt)
            return updatedAt > other.updatedAt;
        return id > other.id;
    }
};
