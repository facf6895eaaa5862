// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"

// A conversation as the sidebar shows it.
struct ConversationRow
{
    ConversationRecord record;
    // The title is still the first words: a generated one will follow.
    bool pendingTitle = false;

    // The store's record as a row; `current` is the row as shown, if it is. A title stays pending
    // until another one arrives.
    static ConversationRow fromStore(const ConversationRecord &record, const ConversationRow *current)
    {
        return {record, current && current->pendingTitle && current->record.title == record.title};
    }
};
