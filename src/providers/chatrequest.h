// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmessage.h"
#include "reasoningeffort.h"

#include <QList>
#include <QString>

#include <optional>

// What to ask a provider for: the model, the conversation so far and the sampling options.
struct ChatRequest
{
    QString model;
    QList<ChatMessage> messages;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    // Unset leaves it to the server (each dialect maps it: reasoning_effort, thinking budget_tokens,
    // thinkingConfig).
    std::optional<ReasoningEffort> reasoningEffort;
};
