// SPDX-License-Identifier: GPL-3.0-or-later
// TestSseParser, continued: reset, the last event ID and retry.
#include "tst_sseparser.h"

void TestSseParser::resetForgetsEverything()
{
    Recorder r;
    r.parser.feed("id: 1\nretry: 10\nevent: t\ndata: partial\r"); // ends in a CR
    QCOMPARE(r.parser.lastEventId(), u"1"_s);
    QCOMPARE(r.parser.retry().value_or(-1), qint64(10));
    r.parser.reset();
    QCOMPARE(r.parser.lastEventId(), QString());
    QVERIFY(!r.parser.retry());
    // The pending CR is forgotten: this LF is a blank line of its own. The event type and
    // data of the dropped block are gone, as is the half line.
    r.parser.feed("\ndata: new\n\nda");
    r.parser.reset();
    r.parser.feed("ta: x\n\n");
    QCOMPARE(r.lines, QStringList{describe(u"message"_s, "new", QString())});
}

void TestSseParser::resetRestartsBomDetection()
{
    Recorder r;
    r.parser.feed("\xEF\xBB");
    r.parser.reset();
    r.parser.feed("\xEF\xBB\xBF"
                  "data: a\n\n");
    r.parser.reset();
    r.parser.feed("\xEF");
    r.parser.feed("\xBB\xBF"
                  "data: b\n\n");
    QCOMPARE(r.lines,
             (QStringList{describe(u"message"_s, "a", QString()), describe(u"message"_s, "b", QString())}));
}

void TestSseParser::resetFromHandlerDropsTheRestOfTheFeed()
{
    QStringList events;
    SseParser *self = nullptr;
    SseParser parser([&](const SseEvent &event) {
        events.append(QString::fromUtf8(event.data));
        if (event.data == "stop")
            self->reset();
    });
    self = &parser;
    parser.feed("data: a\n\ndata: stop\n\ndata: dropped\n\n");
    parser.feed("\xEF\xBB\xBF"
                "data: b\n\n"); // a new stream: its BOM is dropped
    QCOMPARE(events, (QStringList{u"a"_s, u"stop"_s, u"b"_s}));
}

void TestSseParser::lastEventIdIsTheBuffer()
{
    SseParser parser([](const SseEvent &) {});
    parser.feed("id: 5\n");
    QCOMPARE(parser.lastEventId(), u"5"_s);
    parser.feed("id: bad\0id\n"_ba);
    QCOMPARE(parser.lastEventId(), u"5"_s);
    parser.feed("id\n");
    QCOMPARE(parser.lastEventId(), QString());
}

// The handler gets the same QString data for an unchanged event type and ID, not a new copy
// per event.
void TestSseParser::typeAndIdStringsAreShared()
{
    QList<SseEvent> events;
    SseParser parser([&](const SseEvent &event) { events.append(event); });
    parser.feed("id: 1\ndata: a\n\ndata: b\n\nevent: t\ndata: c\n\nevent: t\ndata: d\n\n");
    QCOMPARE(events.size(), 4);
    QCOMPARE(events[0].type, u"message"_s);
    QVERIFY(events[0].type.constData() == events[1].type.constData());
    QVERIFY(events[0].lastEventId.constData() == events[1].lastEventId.constData());
    QCOMPARE(events[2].type, u"t"_s);
    QVERIFY(events[2].type.constData() == events[3].type.constData());
    QVERIFY(events[3].lastEventId.constData() == events[0].lastEventId.constData());
}

void TestSseParser::hugeRetrySaturates()
{
    SseParser parser([](const SseEvent &) {});
    parser.feed("retry: 99999999999999999999999999\n");
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    QCOMPARE(parser.retry().value_or(-1), max);
    parser.feed("retry: 9223372036854775807\n");
    QCOMPARE(parser.retry().value_or(-1), max);
    parser.feed("retry: 9223372036854775806\n");
    QCOMPARE(parser.retry().value_or(-1), max - 1);
}
