// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationparameters.h"

#include <QString>

// An "assistant": a named set of conversation parameters to start new chats from, with an
// optional greeting shown as the chat's first message. Empty profile or model means the
// current one at the time the chat starts.
struct AssistantPreset
{
    QString name;
    ConversationParameters parameters;
    QString greeting;

    // Empty when it can be kept; else what is wrong, for the user.
    QString validate() const;

    friend bool operator==(const AssistantPreset &a, const AssistantPreset &b)
    {
        return a.name == b.name && a.parameters == b.parameters && a.greeting == b.greeting;
    }
};
