// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Registers core's C++ types in the Confab module. They are compiled once, in confab_core (a
// plain static library); these wrappers only name them for QML (see CMakeLists.txt for why).
// Each repeats the registration its class declares in its own header.

#include "chat/chatcontroller.h"
#include "chat/conversationparameters.h"
#include "chat/conversationlistmodel.h"
#include "chat/markdownblocks.h"
#include "chat/messagemodel.h"
#include "chat/searchmodel.h"
#include "settings/assistantlistmodel.h"
#include "ui/appcontext.h"
#include "ui/clipboard.h"
#include "ui/itemmodels.h"
#include "ui/providersettings.h"
#include "ui/windowsettings.h"

#include <QtQml/qqml.h>

struct AppContextForeign
{
    Q_GADGET
    QML_FOREIGN(AppContext)
    QML_NAMED_ELEMENT(AppContext)
    QML_SINGLETON
};

struct ClipboardForeign
{
    Q_GADGET
    QML_FOREIGN(Clipboard)
    QML_NAMED_ELEMENT(Clipboard)
    QML_SINGLETON
};

struct ItemModelsForeign
{
    Q_GADGET
    QML_FOREIGN(ItemModels)
    QML_NAMED_ELEMENT(ItemModels)
    QML_SINGLETON
};

struct ChatControllerForeign
{
    Q_GADGET
    QML_FOREIGN(ChatController)
    QML_NAMED_ELEMENT(ChatController)
    QML_UNCREATABLE("ChatController belongs to AppContext")
};

struct ConversationListModelForeign
{
    Q_GADGET
    QML_FOREIGN(ConversationListModel)
    QML_NAMED_ELEMENT(ConversationListModel)
    QML_UNCREATABLE("The conversation list is AppContext.conversations")
};

struct SearchModelForeign
{
    Q_GADGET
    QML_FOREIGN(SearchModel)
    QML_NAMED_ELEMENT(SearchModel)
    QML_UNCREATABLE("Search is AppContext.search")
};

struct MessageModelForeign
{
    Q_GADGET
    QML_FOREIGN(MessageModel)
    QML_NAMED_ELEMENT(MessageModel)
    QML_UNCREATABLE("MessageModel belongs to ChatController")
};

struct MarkdownBlocksForeign
{
    Q_GADGET
    QML_FOREIGN(MarkdownBlocks)
    QML_NAMED_ELEMENT(MarkdownBlocks)
    QML_UNCREATABLE("MarkdownBlocks come with a message: read them from MessageModel's blocks role")
};

struct WindowSettingsForeign
{
    Q_GADGET
    QML_FOREIGN(WindowSettings)
    QML_NAMED_ELEMENT(WindowSettings)
    QML_UNCREATABLE("The window's settings are AppContext.window")
};

struct ProviderSettingsForeign
{
    Q_GADGET
    QML_FOREIGN(ProviderSettings)
    QML_NAMED_ELEMENT(ProviderSettings)
    QML_UNCREATABLE("The provider settings are AppContext.providers")
};

// A value type: read `chat.parameters`, change a copy, assign it back.
struct ConversationParametersForeign
{
    Q_GADGET
    QML_FOREIGN(ConversationParameters)
    QML_VALUE_TYPE(conversationParameters)
};

struct AssistantListModelForeign
{
    Q_GADGET
    QML_FOREIGN(AssistantListModel)
    QML_NAMED_ELEMENT(AssistantListModel)
    QML_UNCREATABLE("The assistants are AppContext.assistants")
};
