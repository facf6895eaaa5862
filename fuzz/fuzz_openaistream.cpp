// SPDX-License-Identifier: GPL-3.0-or-later
// Events of arbitrary bytes (looseevents.h) into OpenAiWireFormat, whose <think> splitting keeps
// state across events. Besides not crashing, every event (and what finish() releases at the end)
// keeps the shape the transport relies on, and after reset() the same stream decodes to the
// same events.
#include "fuzzcheck.h"
#include "looseevents.h"
#include "streamchecks.h"

#include "openaiwireformat.h"

#include <QStringList>

using FuzzCheck::check;

namespace {

QStringList decodeAll(OpenAiWireFormat &format, const QList<SseEvent> &events)
{
    QStringList described;
    ChatStreamEvent out;
    for (const SseEvent &event : events) {
        format.decodeEvent(event, out);
        StreamChecks::checkEvent(out);
        described.append(StreamChecks::describe(out));
    }
    format.finish(out);
    StreamChecks::checkEvent(out);
    check(out.kind == ChatStreamEvent::Kind::Update || out.kind == ChatStreamEvent::Kind::Ignored,
          "finish() gave neither an update nor nothing");
    described.append(StreamChecks::describe(out));
    format.finish(out);
    check(out.kind == ChatStreamEvent::Kind::Ignored, "a second finish() released something again");
    return described;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<SseEvent> events =
        looseEvents(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    OpenAiWireFormat format;
    const QStringList first = decodeAll(format, events);
    format.reset();
    check(decodeAll(format, events) == first, "after reset() the same stream decoded differently");
    return 0;
}
