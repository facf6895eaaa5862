// SPDX-License-Identifier: GPL-3.0-or-later
// TestSseParser, continued: long lines, big feeds and the buffer limit.
#include "tst_sseparser.h"

// A parser that re-scanned its unfinished line on every feed would do ~8·10^12 steps here and
// never finish; a linear one takes well under a second. Only correctness is asserted, so the
// test is not flaky, but a quadratic regression turns into a time-out.
void TestSseParser::longLineFedByteByByteIsLinear()
{
    QByteArray payload;
    const QByteArray pattern = "abc é € 😀 \xFF "_ba; // includes an invalid byte
    while (payload.size() < 4 * 1024 * 1024)
        payload += pattern;
    QByteArray expectedData;
    Utf8Sanitizer::append(expectedData, payload);
    const QByteArray stream = "data: " + payload + "\r\n\r\n";

    qsizetype events = 0;
    QByteArray data;
    SseParser parser([&](const SseEvent &event) {
        ++events;
        data = event.data;
    });
    for (qsizetype i = 0; i < stream.size(); ++i)
        parser.feed(QByteArrayView(stream).sliced(i, 1));
    QCOMPARE(events, 1);
    QCOMPARE(data.size(), expectedData.size());
    QVERIFY(data == expectedData);
    QVERIFY(!parser.overflowed());
}

void TestSseParser::manyEventsInOneFeed_data()
{
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::newRow("LF") << "\n"_ba;
    QTest::newRow("CR") << "\r"_ba;
    QTest::newRow("CRLF") << "\r\n"_ba;
}

// One big feed with only one kind of line end: searching for the other kind must not restart
// from every line (that would be quadratic in the feed's size).
void TestSseParser::manyEventsInOneFeed()
{
    QFETCH(QByteArray, lineEnd);
    constexpr int count = 200000;
    const QByteArray stream = ("data: 123456" + lineEnd + lineEnd).repeated(count);
    int events = 0;
    int wrong = 0;
    SseParser parser([&](const SseEvent &event) {
        ++events;
        if (event.data != "123456")
            ++wrong;
    });
    parser.feed(stream);
    QCOMPARE(events, count);
    QCOMPARE(wrong, 0);
}

void TestSseParser::overflowOnLongLine()
{
    QStringList events;
    SseParser parser([&](const SseEvent &event) { events.append(QString::fromUtf8(event.data)); });
    parser.setMaxBufferSize(16);
    parser.feed("data: before\n\ndata: 0123456789"); // 16 bytes: still fits
    QVERIFY(!parser.overflowed());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"exceeds 16 bytes"_s));
    parser.feed("x");
    QVERIFY(parser.overflowed());
    parser.feed("\n\ndata: after\n\n");
    QCOMPARE(events, QStringList{u"before"_s});
    QVERIFY(parser.overflowed());

    parser.reset();
    QVERIFY(!parser.overflowed());
    parser.feed("data: again\n\n");
    QCOMPARE(events, (QStringList{u"before"_s, u"again"_s}));
}

void TestSseParser::overflowOnLongData()
{
    QStringList events;
    SseParser parser([&](const SseEvent &event) { events.append(QString::fromUtf8(event.data)); });
    parser.setMaxBufferSize(20);
    parser.feed("data: 0123456789\n\n");                // 10 bytes of data
    parser.feed("data: 0123456789\ndata: 012345678\n"); // 20 bytes with the joining LF
    QVERIFY(!parser.overflowed());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"exceeds 20 bytes"_s));
    parser.feed("data: x\n");
    QVERIFY(parser.overflowed());
    parser.feed("\ndata: after\n\n");
    QCOMPARE(events, QStringList{u"0123456789"_s});
}

void TestSseParser::overflowDoesNotDependOnChunking()
{
    QLoggingCategory::setFilterRules(u"confab.sse.warning=false"_s);
    const auto restore = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });
    const QByteArray stream =
        "data: a\n\n: a long comment line\ndata: b\n\ndata: 0123\ndata: 4567\n\ndata: c\n\n"_ba;
    for (const qsizetype limit : {4, 8, 12, 16, 20, 32}) {
        const auto run = [&](qsizetype step) {
            Recorder r;
            r.parser.setMaxBufferSize(limit);
            for (qsizetype at = 0; at < stream.size(); at += step)
                r.parser.feed(QByteArrayView(stream).sliced(at, qMin(step, stream.size() - at)));
            QStringList outcome = r.outcome();
            outcome.append(r.parser.overflowed() ? u"overflowed"_s : u"fine"_s);
            return outcome;
        };
        const QStringList whole = run(stream.size());
        for (qsizetype step = 1; step < 12; ++step)
            QVERIFY2(run(step) == whole,
                     qPrintable(mismatch(u"limit %1 step %2"_s.arg(limit).arg(step), run(step), whole)));
    }
}

void TestSseParser::lineAtTheLimitIsAccepted()
{
    int events = 0;
    SseParser parser([&](const SseEvent &) { ++events; });
    parser.setMaxBufferSize(8);
    parser.feed("data:123\r\n\r\ndata:456\r"); // each line is exactly 8 bytes
    parser.feed("\n\r\n");
    QVERIFY(!parser.overflowed());
    QCOMPARE(events, 2);
}
