// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatrequestbuilder.h"

ChatRequest ChatRequestBuilder::build(const ConversationParameters &parameters,
                                      const QList<MessageRecord> &branch)
{
    ChatRequest request = build(parameters.model, parameters.systemPrompt, branch);
    request.temperature = parameters.temperature;
    request.topP = parameters.topP;
    request.maxTokens = parameters.maxTokens;
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
        // A reply that failed before its first word has nothing to give the model.
        if (!message.content.isEmpty())
            request.messages.append({chatRole(message.role), message.content});
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
