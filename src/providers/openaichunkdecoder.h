// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "openaichunk.h"

#include <QByteArrayView>

// Turns the data of one OpenAI stream event into an OpenAiChunk. It reads the JSON in one
// pass without building a document, because it runs once per token.
class OpenAiChunkDecoder
{
public:
    enum class Result {
        Chunk,   // `chunk` was filled
        Done,    // the data was the `[DONE]` sentinel
        Invalid, // not valid JSON, or not a JSON object: skip it
    };

    // `data` is UTF-8. `chunk` is cleared first.
    static Result decode(QByteArrayView data, OpenAiChunk &chunk);
};
