// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"
#include "tokenusage.h"

#include <QString>

#include <optional>

// What one event of a streamed reply means, in the terms every wire format shares. A wire
// format fills it; the transport turns it into ChatStream's signals.
struct ChatStreamEvent
{
    enum class Kind {
        Update,  // any of the fields below may be set
        Done,    // the reply is complete; anything after it is ignored
        Error,   // the provider reported an error: `error` says which
        Ignored, // an event this format does not use (a keep-alive, an unknown type)
        Invalid, // an event this format should understand but cannot read: skipped
    };

    Kind kind = Kind::Ignored;
    QString content;
    QString reasoning;          // thinking text, whatever the format called it
    QString reasoningSignature; // Anthropic: the signature that closes a thinking block
    QString redactedReasoning;  // Anthropic: a redacted_thinking block's opaque data, whole
    QString refusal;
    QString finishReason;
    QString model;
    std::optional<TokenUsage> usage;
    std::optional<ProviderError> error;

    void clear()
    {
        kind = Kind::Ignored;
        content.clear();
        reasoning.clear();
        reasoningSignature.clear();
        redactedReasoning.clear();
        refusal.clear();
        finishReason.clear();
        model.clear();
        usage.reset();
        error.reset();
    }
};
