// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tokenusage.h"

#include <QString>

#include <optional>

// What one `chat.completion.chunk` (or an error object sent in its place) carries for the
// first choice. Fields the chunk did not have stay empty.
struct OpenAiChunk
{
    struct Error
    {
        QString message;
        QString type;
        QString code;
    };

    QString content;      // choices[index 0].delta.content
    QString refusal;      // choices[index 0].delta.refusal
    QString finishReason; // choices[index 0].finish_reason
    QString model;
    // choices[index 0].delta.reasoning_content (DeepSeek, vLLM, llama.cpp, LM Studio) or
    // .reasoning (OpenRouter, Ollama): the first of the two a delta holds.
    QString reasoning;
    std::optional<TokenUsage> usage;
    std::optional<Error> error; // {"error": {...}} or {"error": "text"}

    void clear();
};
