// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatrequestbuilder.h"

#include "messageparts.h"

#include <algorithm>

namespace {

// A stored message as a turn: its text as the content, and an assistant's other parts (its
// thinking, …) beside it; each dialect sends of those only what its API takes back.
ChatMessage turn(const MessageRecord &message)
{
    ChatMessage turn;
    turn.role = ChatRequestBuilder::chatRole(message.role);
    turn.content = message.parts.isEmpty() ? message.content : MessageParts::joinedText(message.parts);
    if (message.role == MessageRecord::Role::Assistant) {
        for (const MessagePart &part : message.parts) {
            if (part.type != MessagePart::Type::Text)
                turn.parts.append(part);
        }
    }
    return turn;
}

// Whether the turn gives the model anything: a reply that failed before its first word does
// not, and neither does thinking alone (no API takes a turn of thinking without an answer).
bool isWorthSending(const ChatMessage &turn)
{
    if (!turn.content.isEmpty())
        return true;
    return std::any_of(turn.parts.cbegin(), turn.parts.cend(),
                       [](const MessagePart &part) { return part.type != MessagePart::Type::Reasoning; });
}

} // namespace

ChatRequest ChatRequestBuilder::build(const ConversationParameters &parameters,
                                      const QList<MessageRecord> &branch)
{
    ChatRequest request = build(parameters.model, parameters.systemPrompt, branch);
    request.temperature = parameters.temperature;
    request.topP = parameters.topP;
    request.maxTokens = parameters.maxTokens;
    request.reasoningEffort = parameters.reasoningEffort;
    return request;
}

ChatRequest ChatRequestBuilder::build(const QString &model, const QString &systemPrompt,
                                      const QList<MessageRecord> &branch)
{
    ChatRequest request;
    request.model = model;
    if (!systemPrompt.isEmpty())
        request.messages.append({ChatMessage::Role::System, systemPrompt});
    for (const MessageRecord &message : branch) {
        ChatMessage next = turn(message);
        if (isWorthSending(next))
            request.messages.append(std::move(next));
    }
    return request;
}

ChatMessage::Role ChatRequestBuilder::chatRole(MessageRecord::Role role)
{
    switch (role) {
    case MessageRecord::Role::System:
        return ChatMessage::Role::System;
    case MessageRecord::Role::User:
        return ChatMessage::Role::User;
    case MessageRecord::Role::Assistant:
        return ChatMessage::Role::Assistant;
    }
    return ChatMessage::Role::User;
}
