// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// What to generate. The same spec gives the same corpus, byte for byte, on every backend.
struct CorpusSpec
{
    // Bump when the generator changes what it makes, so old benchmark databases are not reused.
    static constexpr int generatorVersion = 2; // 2: a quarter of the replies think

    int conversations = 100000;
    qint64 messages = 2000000;
    int bigConversationMessages = 10000; // one conversation this long (fewer if messages is small)
    quint64 seed = 20261121;
};
