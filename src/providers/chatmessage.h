// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagepart.h"

#include <QList>
#include <QString>

// One turn of a conversation as it is sent to a provider.
struct ChatMessage
{
    enum class Role { System, User, Assistant };

    Role role = Role::User;
    QString content; // the text parts joined: what every dialect sends as the turn's text
    // An assistant turn's other parts, for the dialects that take them back (Anthropic's signed
    // thinking in a tool loop); a dialect sends only what its API accepts, and never thinking
    // to an OpenAI-compatible server.
    QList<MessagePart> parts = {};
};
