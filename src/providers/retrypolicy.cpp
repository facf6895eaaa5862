// SPDX-License-Identifier: GPL-3.0-or-later
#include "retrypolicy.h"

#include <QRandomGenerator>

using std::chrono::milliseconds;

std::optional<milliseconds> RetryPolicy::delayBeforeRetry(int attempt, const ProviderError &error) const
{
    if (attempt < 1 || attempt > maxRetries || !error.isTransient())
        return std::nullopt;

    // The server knows its own load best; a wait longer than the user should sit through is
    // reported at once instead.
    if (error.retryAfter && error.retryAfter->count() > 0) {
        if (*error.retryAfter > maxServerDelay)
            return std::nullopt;
        return *error.retryAfter;
    }

    // Jitter as OpenAI's own SDKs do it: up to 25 % off the backoff, never more than it, so
    // clients that failed together do not retry together and maxDelay stays a true cap.
    const milliseconds full = backoff(attempt);
    const qint64 spread = full.count() / 4;
    if (spread <= 0)
        return full;
    return full - milliseconds(QRandomGenerator::global()->bounded(spread + 1));
}

milliseconds RetryPolicy::backoff(int attempt) const
{
    if (baseDelay.count() <= 0 || maxDelay.count() <= 0)
        return milliseconds(0);
    milliseconds delay = baseDelay;
    // Doubling step by step instead of shifting cannot overflow, whatever the attempt number.
    for (int i = 1; i < attempt && delay < maxDelay; ++i)
        delay *= 2;
    return std::min(delay, maxDelay);
}
