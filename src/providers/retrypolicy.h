// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"

#include <chrono>
#include <optional>

// When and how soon a failed request is sent again. Only failures before the first token are
// ever retried, and only transient ones: the caller checks that, this class decides the rest.
class RetryPolicy
{
public:
    int maxRetries = 2;
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{8000};
    // A server that asks for a longer wait than this is not retried: the user hears at once.
    std::chrono::milliseconds maxServerDelay{120000};

    // The delay before retry number `attempt` (1-based) after `error`, or nullopt when the
    // request must not be retried. Honours the server's Retry-After and x-should-retry.
    std::optional<std::chrono::milliseconds> delayBeforeRetry(int attempt, const ProviderError &error) const;

    // The backoff without jitter for an attempt: baseDelay * 2^(attempt-1), capped at maxDelay.
    std::chrono::milliseconds backoff(int attempt) const;
};
