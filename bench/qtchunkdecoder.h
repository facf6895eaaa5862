// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "openaichunk.h"

#include <QByteArray>

// OpenAiChunkDecoder's job done with QJsonDocument, for the benchmark only: it reads the same
// fields into the same OpenAiChunk, so that bench_stream --compare-qt measures what the
// hand-written JsonReader saves against Qt's parser on the same bytes, in the same run.
namespace QtChunkDecoder {

// true and `chunk` filled for a JSON object; false for [DONE] (`done` set) or anything else.
bool decode(const QByteArray &data, OpenAiChunk &chunk, bool &done);

} // namespace QtChunkDecoder
