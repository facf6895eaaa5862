// SPDX-License-Identifier: GPL-3.0-or-later
#include "alternatingturns.h"

AlternatingTurns AlternatingTurns::from(const QList<ChatMessage> &messages)
{
    AlternatingTurns result;
    for (const ChatMessage &message : messages) {
        if (message.content.trimmed().isEmpty())
            continue;
        if (message.role == ChatMessage::Role::System) {
            result.system.append(message.content);
            continue;
        }
        if (message.role == ChatMessage::Role::Assistant && result.turns.isEmpty())
            continue;
        if (result.turns.isEmpty() || result.turns.last().role != message.role)
            result.turns.append(Turn{message.role, {}});
        result.turns.last().texts.append(message.content);
    }
    return result;
}
