// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"

#include <QString>

// A reply's usage line, only what is known of it: e.g. "24 prompt + 212 reply tokens
// (180 reasoning) · first token in 0.8 s · 42 tokens/s"; empty when nothing is.
class UsageLine
{
public:
    static QString of(const MessageRecord &message);
    // "840 ms", "1.3 s", "12 s", "1 min 5 s".
    static QString duration(qint64 ms);
};
