// SPDX-License-Identifier: GPL-3.0-or-later
// Feeds SseParser the input whole, in pieces cut where the input's first bytes say, and one
// byte at a time, with and without a small buffer limit. Aborts when the results differ, when
// they differ from the reference model, or when an event's data is not valid UTF-8.
#include "sseparser.h"

#include "../tests/sse/ssereference.h"

#include <QByteArrayView>
#include <QList>
#include <QLoggingCategory>
#include <QUtf8StringView>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Outcome
{
    QList<SseEvent> events;
    QString lastEventId;
    std::optional<qint64> retry;
    bool overflowed = false;
};

bool operator==(const Outcome &a, const Outcome &b)
{
    return a.events == b.events && a.lastEventId == b.lastEventId && a.retry == b.retry &&
           a.overflowed == b.overflowed;
}

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_sseparser: %s\n", what);
    std::abort();
}

// Feeds `stream` cut at `cuts` (ascending offsets), or one byte at a time when `bytewise`.
Outcome run(QByteArrayView stream, const QList<qsizetype> &cuts, qsizetype limit, bool bytewise = false)
{
    Outcome outcome;
    SseParser parser([&outcome](const SseEvent &event) {
        if (!QUtf8StringView(event.data).isValidUtf8())
            fail("an event's data is not valid UTF-8");
        outcome.events.append(event);
    });
    if (limit > 0)
        parser.setMaxBufferSize(limit);
    if (bytewise) {
        for (qsizetype i = 0; i < stream.size(); ++i)
            parser.feed(stream.sliced(i, 1));
    } else {
        qsizetype at = 0;
        for (const qsizetype cut : cuts) {
            parser.feed(stream.sliced(at, cut - at));
            at = cut;
        }
        parser.feed(stream.sliced(at));
    }
    outcome.lastEventId = parser.lastEventId();
    outcome.retry = parser.retry();
    outcome.overflowed = parser.overflowed();
    return outcome;
}

bool isPrefix(const QList<SseEvent> &prefix, const QList<SseEvent> &all)
{
    return prefix.size() <= all.size() && std::equal(prefix.begin(), prefix.end(), all.begin());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("confab.sse.warning=false")); // overflows are expected
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    // Byte 0: how many cuts (low nibble) and the buffer limit (high nibble, 0 = none).
    // The next `cuts` bytes: the gaps between the cuts. The rest is the stream.
    if (size < 1)
        return 0;
    const int cutCount = bytes[0] & 0x0F;
    const qsizetype limit = (bytes[0] >> 4) * 4;
    if (size < size_t(1 + cutCount))
        return 0;
    const QByteArrayView stream(reinterpret_cast<const char *>(bytes) + 1 + cutCount,
                                qsizetype(size) - 1 - cutCount);
    QList<qsizetype> cuts;
    qsizetype at = 0;
    for (int i = 0; i < cutCount; ++i) {
        at += bytes[1 + i];
        if (at > stream.size())
            break;
        cuts.append(at);
    }

    const Outcome whole = run(stream, {}, 0);
    if (!(run(stream, cuts, 0) == whole))
        fail("feeding in pieces gave other results than feeding whole");
    if (!(run(stream, {}, 0, true) == whole))
        fail("feeding byte by byte gave other results than feeding whole");

    const SseReference::Result reference = SseReference::parse(stream.toByteArray());
    if (!(reference.events == whole.events) || reference.lastEventId != whole.lastEventId ||
        reference.retry != whole.retry)
        fail("the parser disagrees with the reference model");

    if (limit > 0) {
        const Outcome limited = run(stream, {}, limit);
        if (!(run(stream, cuts, limit) == limited) || !(run(stream, {}, limit, true) == limited))
            fail("with a buffer limit, the chunking changed the results");
        if (!isPrefix(limited.events, whole.events))
            fail("with a buffer limit, the events are not a prefix of those without");
        if (!limited.overflowed && !(limited == whole))
            fail("a buffer limit changed the results without overflowing");
    }
    return 0;
}
