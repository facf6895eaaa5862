// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaichunk.h"

namespace {

// Empties the string but keeps its buffer when nobody else shares it: the decoder runs once per
// token and then refills the same strings without allocating.
void empty(QString &text)
{
    if (text.isDetached())
        text.truncate(0);
    else
        text = QString();
}

} // namespace

void OpenAiChunk::clear()
{
    empty(content);
    empty(refusal);
    empty(reasoning);
    empty(finishReason);
    empty(model);
    usage.reset();
    error.reset();
}
