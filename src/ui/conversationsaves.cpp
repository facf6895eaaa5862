// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationsaves.h"

void ConversationSaves::finish(const QString &id)
{
    if (--m_inFlight[id] <= 0)
        m_inFlight.remove(id);
}

bool ConversationSaves::takeHeldBack(const QString &id)
{
    return !m_inFlight.contains(id) && m_heldBack.remove(id);
}
