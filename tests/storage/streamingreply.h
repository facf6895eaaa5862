// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replypersister.h"
#include "replyreasoning.h"
#include "replytext.h"
#include "replytiming.h"

// A reply as an Exchange keeps it while it streams, for a ReplyPersister of the test's own: its
// text, its thinking, and what the client measures.
struct StreamingReply
{
    explicit StreamingReply(ChatStream *stream)
        : text(stream)
        , reasoning(stream)
        , timing(stream)
    {}
    ReplyPersister::Sources sources() const { return {&text, &reasoning, &timing}; }

    ReplyText text;
    ReplyReasoning reasoning;
    ReplyTiming timing;
};
