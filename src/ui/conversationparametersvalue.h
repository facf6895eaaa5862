// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationparameters.h"

#include <QtQml/qqml.h>

// QML's name for ConversationParameters, a value type of confab_settings (which has no QML):
// read `chat.parameters`, change a copy, assign it back.
struct ConversationParametersValue
{
    Q_GADGET
    QML_FOREIGN(ConversationParameters)
    QML_VALUE_TYPE(conversationParameters)
};
