// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationparameters.h"
#include "messagerecord.h"
#include "chatrequest.h"

#include <QList>
#include <QString>

// Turns a stored branch into what a provider is asked: the system prompt first, then the
// branch's messages oldest first. The window and the CLI build their requests the same way.
class ChatRequestBuilder
{
public:
    // With the conversation's model, system prompt and sampling parameters.
    static ChatRequest build(const ConversationParameters &parameters, const QList<MessageRecord> &branch);
    static ChatRequest build(const QString &model, const QString &systemPrompt,
                             const QList<MessageRecord> &branch);

    static ChatMessage::Role chatRole(MessageRecord::Role role);
};
