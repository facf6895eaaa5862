// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One turn of a conversation as it is sent to a provider.
struct ChatMessage
{
    enum class Role { System, User, Assistant };

    Role role = Role::User;
    QString content;
};
