// SPDX-License-Identifier: GPL-3.0-or-later
// Events of arbitrary bytes (looseevents.h) into AnthropicWireFormat. Besides not crashing and
// no undefined behaviour (token counts near the limits of qint64), every event keeps the shape
// the transport relies on, token counts are never below zero and their total is their
// saturated sum, and after reset() the same stream decodes to the same events.
#include "fuzzcheck.h"
#include "looseevents.h"
#include "streamchecks.h"

#include "anthropicwireformat.h"

#include <QStringList>

using FuzzCheck::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<SseEvent> events =
        looseEvents(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    AnthropicWireFormat format;
    QStringList first;
    ChatStreamEvent out;
    for (const SseEvent &event : events) {
        format.decodeEvent(event, out);
        StreamChecks::checkEvent(out);
        if (out.usage) {
            check(out.usage->totalTokens ==
                      TokenUsage::sum(out.usage->promptTokens, out.usage->completionTokens),
                  "the total is not the sum of the prompt and the completion");
        }
        first.append(StreamChecks::describe(out));
    }

    format.reset();
    QStringList again;
    for (const SseEvent &event : events) {
        format.decodeEvent(event, out);
        again.append(StreamChecks::describe(out));
    }
    check(again == first, "after reset() the same stream decoded differently");
    return 0;
}
