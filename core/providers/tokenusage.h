// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// Token counts as the provider reported them for one reply.
struct TokenUsage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;
    qint64 reasoningTokens = 0;

    friend bool operator==(const TokenUsage &, const TokenUsage &) = default;
};
