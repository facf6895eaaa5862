// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmessage.h"

#include <QList>
#include <QStringList>

// A conversation as the APIs that want user and assistant to alternate take it (Anthropic's,
// Gemini's): system messages apart, empty messages left out (they reject empty text), a reply
// before the user's first message left out (a preset's greeting: the one thing the model need
// not see, and they refuse a conversation that does not open with the user), and messages of
// one role in a row gathered into one turn.
struct AlternatingTurns
{
    struct Turn
    {
        ChatMessage::Role role = ChatMessage::Role::User; // User or Assistant
        QStringList texts;
    };

    QStringList system;
    QList<Turn> turns;

    static AlternatingTurns from(const QList<ChatMessage> &messages);
};
