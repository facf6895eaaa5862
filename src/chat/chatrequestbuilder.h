// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatrequest.h"
#include "conversationparameters.h"
#include "messagerecord.h"

#include <QList>
#include <QString>

// Turns a stored branch into what a provider is asked: the system prompt first, then the
// branch's messages oldest first: each with its text as the content and, for a reply, its other
// parts beside it (the dialect decides what of them goes: never thinking to an OpenAI-compatible
// server). The window and the CLI build their requests the same way.
class ChatRequestBuilder
{
public:
    // With the conversation's model, system prompt, sampling parameters and reasoning effort.
    static ChatRequest build(const ConversationParameters &parameters, const QList<MessageRecord> &branch);
    static ChatRequest build(const QString &model, const QString &systemPrompt,
                             const QList<MessageRecord> &branch);

    static ChatMessage::Role chatRole(MessageRecord::Role role);
};
