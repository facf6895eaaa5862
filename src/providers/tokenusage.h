// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>
#include <QtNumeric>

#include <algorithm>
#include <limits>

// Token counts as the provider reported them for one reply.
struct TokenUsage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;
    qint64 reasoningTokens = 0;

    // The counts come from the server as any integer JSON holds: arithmetic on them must not
    // overflow. A count below zero means nothing and reads as 0; a sum stops at the largest count.
    static qint64 count(qint64 reported) { return std::max<qint64>(reported, 0); }
    static qint64 sum(qint64 a, qint64 b)
    {
        qint64 result = 0;
        return qAddOverflow(count(a), count(b), &result) ? std::numeric_limits<qint64>::max() : result;
    }

    friend bool operator==(const TokenUsage &, const TokenUsage &) = default;
};
