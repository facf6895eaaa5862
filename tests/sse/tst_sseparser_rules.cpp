// SPDX-License-Identifier: GPL-3.0-or-later
// TestSseParser, continued: the parsing rules, each stream fed whole, byte by byte, split at
// every point and in a peer's chunks.
#include "tst_sseparser.h"

void TestSseParser::row(const char *name, const QByteArray &stream, const Events &events,
                        const QString &lastEventId, std::optional<qint64> retry, const QByteArrayList &chunks)
{
    QStringList expected;
    for (const Ev &event : events)
        expected.append(describe(event.type, event.data, event.id));
    expected.append(describeState(lastEventId, retry));
    QTest::newRow(name) << stream << expected << chunks;
}

void TestSseParser::rules_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QByteArrayList>("chunks"); // a peer's chunking, fed as a fourth way

    const QByteArray bom = "\xEF\xBB\xBF"_ba;
    const QByteArray fffd = "\xEF\xBF\xBD"_ba;

    // Fields and values.
    row("data", "data: hello\n\n"_ba, {{"hello"_ba}});
    row("data without space", "data:hello\n\n"_ba, {{"hello"_ba}});
    row("only one space stripped", "data:  hello\n\n"_ba, {{" hello"_ba}});
    row("tab not stripped", "data:\thello\n\n"_ba, {{"\thello"_ba}});
    row("trailing space kept", "data: a \n\n"_ba, {{"a "_ba}});
    row("colon in value", "data: a: b\n\n"_ba, {{"a: b"_ba}});
    row("data lines joined", "data: a\ndata: b\ndata: c\n\n"_ba, {{"a\nb\nc"_ba}});
    row("empty data is dispatched", "data:\n\n"_ba, {{""_ba}});
    row("data without colon", "data\n\n"_ba, {{""_ba}});
    row("two empty data lines", "data\ndata\n\n"_ba, {{"\n"_ba}});
    row("wpt data field parsing", "data:\n\ndata\ndata\n\ndata:test\n\n"_ba,
        {{""_ba}, {"\n"_ba}, {"test"_ba}});
    row("trailing empty data line", "data: a\ndata:\n\n"_ba, {{"a\n"_ba}});
    row("two events", "data: 1\n\ndata: 2\n\n"_ba, {{"1"_ba}, {"2"_ba}});
    row("NUL in data", "data: a\0b\n\n"_ba, {{"a\0b"_ba}});
    row("openai multiple data lines with empty lines",
        "data: {\ndata: \"foo\":\ndata: \ndata:\ndata: true}\n\n\n"_ba, {{"{\n\"foo\":\n\n\ntrue}"_ba}});
    row("escaped newline is not a newline", "data: {\"foo\": \"my long\\n\\ncontent\"}\n\n"_ba,
        {{"{\"foo\": \"my long\\n\\ncontent\"}"_ba}});
    row("openai done", "data: {\"a\":1}\n\ndata: [DONE]\n\n"_ba, {{"{\"a\":1}"_ba}, {"[DONE]"_ba}});

    // Dispatch only at a blank line.
    row("leading blank lines", "\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n"_ba,
        {{"我現在都看實況不玩遊戲"_ba, u"message"_s, u"1"_s}}, u"1"_s);
    row("unterminated last block", "data: a\n\ndata: b\n"_ba, {{"a"_ba}});
    row("unterminated last line", "data: a\n\ndata: b"_ba, {{"a"_ba}});
    row("no blank line at all", "data: 5"_ba, {});
    row("empty stream", ""_ba, {});
    row("block without data", "event: foo\n\n"_ba, {});
    row("openai event without data", "event: foo\n\nevent: ping\n\n"_ba, {});

    // Event types.
    row("event type", "event: add\ndata: 1\n\n"_ba, {{"1"_ba, u"add"_s}});
    row("event type does not carry over", "event: add\ndata: 1\n\ndata: 2\n\n"_ba,
        {{"1"_ba, u"add"_s}, {"2"_ba}});
    row("empty event type", "event:\ndata: Hello 1\n\nevent:\n\n"_ba, {{"Hello 1"_ba}});
    row("event type of one space", "event: \ndata: x\n\n"_ba, {{"x"_ba}});
    row("event type cleared by a block without data", "event: foo\n\ndata: x\n\n"_ba, {{"x"_ba}});
    row("last event type wins", "event: a\nevent: b\ndata: x\n\n"_ba, {{"x"_ba, u"b"_s}});
    row("event after data", "data: x\nevent: t\n\n"_ba, {{"x"_ba, u"t"_s}});
    row("event type keeps inner spaces", "event:  a b \ndata: x\n\n"_ba, {{"x"_ba, u" a b "_s}});
    row("field names are case-sensitive", "Event: a\nDATA: y\ndata: x\n\n"_ba, {{"x"_ba}});
    row("peer multi-line data", "event: stock\ndata: YHOO\ndata: +2\ndata: 10\n\n"_ba,
        {{"YHOO\n+2\n10"_ba, u"stock"_s}}, {}, {},
        {"event: stock\n"_ba, "data: YHOO\n"_ba, "data: +2\n"_ba, "data: 10\n\n"_ba});
    row("repeated event type", "event: t\ndata: 1\n\nevent: t\ndata: 2\n\nevent: u\ndata: 3\n\n"_ba,
        {{"1"_ba, u"t"_s}, {"2"_ba, u"t"_s}, {"3"_ba, u"u"_s}});

    // Event IDs.
    row("id persists across events", "id: 1\ndata: a\n\ndata: b\n\n"_ba,
        {{"a"_ba, u"message"_s, u"1"_s}, {"b"_ba, u"message"_s, u"1"_s}}, u"1"_s);
    row("id in a block without data", "id: 42\n\ndata: x\n\n"_ba, {{"x"_ba, u"message"_s, u"42"_s}}, u"42"_s,
        {}, {"id: 42\n"_ba, "\n"_ba, "data: x\n\n"_ba});
    row("id with NUL ignored", "id: 123\nid: bad\0id\ndata: hello\n\n"_ba,
        {{"hello"_ba, u"message"_s, u"123"_s}}, u"123"_s);
    row("id that is only NUL ignored", "id: 7\n\nid: \0\n\ndata: x\n\n"_ba, {{"x"_ba, u"message"_s, u"7"_s}},
        u"7"_s);
    row("empty id resets", "id: 1\ndata: a\n\nid\ndata: b\n\n"_ba,
        {{"a"_ba, u"message"_s, u"1"_s}, {"b"_ba}});
    row("empty id with colon resets", "id: 1\n\nid:\ndata: b\n\n"_ba, {{"b"_ba}});
    row("id keeps a second space", "id:  x\ndata: a\n\n"_ba, {{"a"_ba, u"message"_s, u" x"_s}}, u" x"_s);
    row("id after data", "data: a\nid: 5\n\n"_ba, {{"a"_ba, u"message"_s, u"5"_s}}, u"5"_s);
    row("id in an unterminated block", "data: a\n\nid: 9\ndata: b\n"_ba, {{"a"_ba}}, u"9"_s);
    row("unterminated id line", "data: a\n\nid: 9"_ba, {{"a"_ba}});
    row("non-ASCII id", "id: é€😀\ndata: a\n\n"_ba, {{"a"_ba, u"message"_s, u"é€😀"_s}}, u"é€😀"_s);
    row("id with CR CR", "id: 42\r\r"_ba, {}, u"42"_s);
    row("id with CRLF CRLF", "id: 42\r\n\r\n"_ba, {}, u"42"_s);
    row("id, event and retry", "id: 1337\nevent: tick\nretry: 50\ndata: x\n\n"_ba,
        {{"x"_ba, u"tick"_s, u"1337"_s}}, u"1337"_s, 50);
    row("changing ids", "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 2\ndata: c\n\n"_ba,
        {{"a"_ba, u"message"_s, u"1"_s}, {"b"_ba, u"message"_s, u"2"_s}, {"c"_ba, u"message"_s, u"2"_s}},
        u"2"_s);

    // Retry.
    row("retry", "retry: 1000\n"_ba, {}, {}, 1000);
    row("retry with leading zero", "retry: 03000\n"_ba, {}, {}, 3000);
    row("retry zero", "retry:0\n"_ba, {}, {}, 0);
    row("retry with a second space", "retry:  2000\n"_ba, {});
    row("retry decimal", "retry: 1.5\n"_ba, {});
    row("retry negative", "retry: -1\n"_ba, {});
    row("retry plus", "retry: +5\n"_ba, {});
    row("retry empty", "retry:\n"_ba, {});
    row("retry without colon", "retry\n"_ba, {});
    row("retry trailing junk", "retry: 1000x\n"_ba, {});
    row("retry trailing space", "retry: 1000 \n"_ba, {});
    row("retry non-ASCII digits", "retry: ١٢\n"_ba, {});
    row("retry partially invalid", "retry:1000\nretry:2000x\ndata:x\n\n"_ba, {{"x"_ba}}, {}, 1000);
    row("retry last valid wins", "retry: 1\nretry: 2\n"_ba, {}, {}, 2);
    row("empty retry with data", "id:2\nretry:\ndata:🧹\n\n"_ba, {{"🧹"_ba, u"message"_s, u"2"_s}},
        u"2"_s);
    row("unterminated retry line", "retry: 5"_ba, {});

    // Comments and unknown fields.
    row("comment", ": hello\n\ndata: x\n\n"_ba, {{"x"_ba}});
    row("bare colon", ":\n\n"_ba, {});
    row("comment between data lines", "data: a\n: c\ndata: b\n\n"_ba, {{"a\nb"_ba}});
    row("comment looks like a field", ":data: x\n\n"_ba, {});
    row("long comment", ":" + QByteArray(300, ':') + "\ndata: x\n\n", {{"x"_ba}});
    row("heartbeats", ": ♥\ndata: 1\n\n: ♥\n: ♥\ndata: 2\n\n: ♥\n"_ba, {{"1"_ba}, {"2"_ba}});
    {
        const QByteArray xs(2049, 'x');
        const QByteArrayList chunks = {"data:1\r\r:\0\n:\r\ndata:2\n\n:"_ba,
                                       xs,
                                       "\rdata:3\n\n:data:fail\r:"_ba,
                                       xs,
                                       "\ndata:4\n\n"_ba,
                                       "data:5"_ba};
        row("peer mixed comments", chunks.join(), {{"1"_ba}, {"2"_ba}, {"3"_ba}, {"4"_ba}}, {}, {}, chunks);
    }
    row("unknown fields",
        "data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n"_ba,
        {{"abc\n\n123"_ba}});
    row("JSON error body", "{\"error\":\"Internal Server Error\"}\n\n"_ba, {});
    row("no field separator", "Well, this is not what I expected\n"_ba, {});
    row("space before colon", "data : x\n\n"_ba, {});
    row("unknown field does not disturb", "data: a\nfoo: b\ndata: c\n\n"_ba, {{"a\nc"_ba}});

    // Line ends.
    row("CR only", "data: dog\rdata: bark\r\rdata: cat\rdata: meow\r\r"_ba,
        {{"dog\nbark"_ba}, {"cat\nmeow"_ba}});
    row("CRLF", "data: dog\r\ndata: bark\r\n\r\ndata: cat\r\ndata: meow\r\n\r\n"_ba,
        {{"dog\nbark"_ba}, {"cat\nmeow"_ba}});
    row("mixed line ends", "data: a\rdata: b\ndata: c\r\n\r\n"_ba, {{"a\nb\nc"_ba}});
    row("LF CR is two line ends", "data: a\n\rdata: b\n\n"_ba, {{"a"_ba}, {"b"_ba}});
    row("CR CR", "data: a\r\r"_ba, {{"a"_ba}});
    row("CR LF LF", "data: a\r\n\n"_ba, {{"a"_ba}});
    row("CR CR LF LF", "data: a\r\r\n\n"_ba, {{"a"_ba}});
    row("CR split from LF (eventsource-parser #17)", "data: A\r\ndata: B\r\ndata: C\r\n\n"_ba,
        {{"A\nB\nC"_ba}}, {}, {}, {"data: A\r\n"_ba, "data: B\r"_ba, "\n"_ba, "data: C\r\n"_ba, "\n"_ba});
    row("blank CR line split", "data: one\r\r\n"_ba, {{"one"_ba}}, {}, {},
        {"data: one\r"_ba, "\r"_ba, "\n"_ba});
    row("bare CR ends the stream", "data: x\r\r"_ba, {{"x"_ba}}, {}, {}, {"data: x\r"_ba, "\r"_ba});
    row("discarded line with split CRLF", "data: one\n:ignored\r\ndata: two\n\n"_ba, {{"one\ntwo"_ba}}, {},
        {}, {"data: one\n:"_ba, "ignored\r"_ba, "\ndata: two\n\n"_ba});
    row("bare CR at chunk end, then no LF", "data: one\n:ignored\rdata: two\n\n"_ba, {{"one\ntwo"_ba}}, {},
        {}, {"data: one\n:"_ba, "ignored\r"_ba, "data: two\n\n"_ba});
    row("data CR at chunk end", "data: one\ndata\r\ndata: two\n\n"_ba, {{"one\n\ntwo"_ba}}, {}, {},
        {"data: one\ndata\r"_ba, "\ndata: two\n\n"_ba});
    row("fragmented CRs", "data: foo\r\r\r\ndata: bar\n"_ba, {{"foo"_ba}}, {}, {},
        {"data: foo\r"_ba, "\r"_ba, "\r"_ba, "\n"_ba, "data: bar"_ba, "\n"_ba});
    row("blank line survives a fragmented CR", "data: foo\r\n\ndata: bar\n\n"_ba, {{"foo"_ba}, {"bar"_ba}},
        {}, {}, {"data: foo\r"_ba, "\n"_ba, "\ndata: bar\n\n"_ba});
    row("U+2028 is not a line end", "data: {\"x\":\"\xE2\x80\xA8\"}\n\n"_ba,
        {{"{\"x\":\"\xE2\x80\xA8\"}"_ba}}, {}, {},
        {"data: {\"x\":\""_ba, "\xE2\x80\xA8"_ba, "\"}\n"_ba, "\n"_ba});
    row("U+2029 is not a line end",
        "data: a\xE2\x80\xA9"
        "b\n\n"_ba,
        {{"a\xE2\x80\xA9"
          "b"_ba}});
    row("U+0085 is not a line end",
        "data: a\xC2\x85"
        "b\n\n"_ba,
        {{"a\xC2\x85"
          "b"_ba}});
    row("VT and FF are not line ends",
        "data: a\x0B"
        "b\x0C"
        "c\n\n"_ba,
        {{"a\x0B"
          "b\x0C"
          "c"_ba}});

    // Byte order marks.
    row("leading BOM dropped", bom + "data: bomful 1\n\ndata: bomless 2\n\n",
        {{"bomful 1"_ba}, {"bomless 2"_ba}});
    row("second BOM kept", bom + bom + "data: x\n\ndata: y\n\n", {{"y"_ba}});
    row("BOM in several places", bom + "data: bomful 1\n\n" + bom + "data: bomful 2\n\ndata: bomless 3\n\n",
        {{"bomful 1"_ba}, {"bomless 3"_ba}});
    row("BOM only", bom, {});
    row("BOM then CRLF", bom + "\r\ndata: x\r\n\r\n", {{"x"_ba}});
    row("BOM then blank line", bom + "\n\ndata: x\n\n", {{"x"_ba}});
    row("BOM after a blank line", "\n" + bom + "data: y\n\n", {});
    row("BOM in data kept", "data: " + bom + "x\n\n", {{bom + "x"}});
    row("partial BOM EF",
        "\xEF"
        "data: x\n\ndata: y\n\n"_ba,
        {{"y"_ba}});
    row("partial BOM EF BB",
        "\xEF\xBB"
        "data: x\n\ndata: y\n\n"_ba,
        {{"y"_ba}});
    row("partial BOM EF BB BE",
        "\xEF\xBB\xBE"
        "data: x\n\ndata: y\n\n"_ba,
        {{"y"_ba}});
    row("partial BOM then BOM", "\xEF" + bom + "data: x\n\ndata: y\n\n", {{"y"_ba}});
    row("partial BOM line then BOM line", "\xEF\xBB\n" + bom + "data: x\n\ndata: y\n\n", {{"y"_ba}});
    row("partial BOM as a line of its own", "\xEF\xBB\ndata: x\n\n"_ba, {{"x"_ba}});
    row("partial BOM then CR", "\xEF\r\ndata: x\n\n"_ba, {{"x"_ba}});
    row("BOM split", bom + "data: x\n\n", {{"x"_ba}}, {}, {},
        {"\xEF"_ba, "\xBB"_ba, "\xBF"_ba, "data: x\n\n"_ba});

    // UTF-8.
    row("multi-byte split (openai)", "data: {\"content\": \"известни\"}\n\n"_ba,
        {{"{\"content\": \"известни\"}"_ba}}, {}, {},
        {"data: {\"content\": \""_ba, "\xd0"_ba, "\xb8\xd0\xb7\xd0"_ba,
         "\xb2\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8"_ba, "\"}\n"_ba, "\n"_ba});
    row("4-byte emoji split before CR", "data: \xF0\x9F\x92\x99\r\n\r\n"_ba, {{"\xF0\x9F\x92\x99"_ba}}, {},
        {}, {"data: \xF0\x9F"_ba, "\x92\x99\r"_ba, "\n\r\n"_ba});
    row("several scripts",
        "data: 日本語\ndata: العربية\ndata: हिन्दी\ndata: 👨‍👩‍👧\n\n"_ba,
        {{"日本語\nالعربية\nहिन्दी\n👨‍👩‍👧"_ba}});
    row("invalid byte",
        "data: a\xFF"
        "b\n\n"_ba,
        {{"a" + fffd + "b"}});
    row("invalid byte at the end", "data: a\xFF\n\n"_ba, {{"a" + fffd}});
    row("truncated 2-byte before LF", "data: \xC3\n\n"_ba, {{fffd}});
    row("truncated 3-byte before LF", "data: a\xE2\x82\n\n"_ba, {{"a" + fffd}});
    row("truncated 4-byte before CR", "data: \xF0\x9F\x92\r\r"_ba, {{fffd}});
    row("truncated 4-byte before CRLF", "data: \xF0\x9F\r\n\r\n"_ba, {{fffd}});
    row("truncated sequence before colon", "data\xE2\x82: x\n\n"_ba, {});
    row("truncated sequence before a comment", "data: \xE2\x82\n:\xE2\n\n"_ba, {{fffd}});
    row("truncated then ASCII",
        "data: \xE2\x82"
        "x\n\n"_ba,
        {{fffd + "x"}});
    row("truncated then a new sequence", "data: \xE2\x82\xE2\x82\xAC\n\n"_ba, {{fffd + "€"}});
    row("lone continuation bytes", "data: \x80\xBF\n\n"_ba, {{fffd + fffd}});
    row("overlong 2-byte", "data: \xC0\xAF\n\n"_ba, {{fffd + fffd}});
    row("overlong 3-byte", "data: \xE0\x80\xAF\n\n"_ba, {{fffd + fffd + fffd}});
    row("overlong 4-byte", "data: \xF0\x8F\xBF\xBF\n\n"_ba, {{fffd + fffd + fffd + fffd}});
    row("surrogate", "data: \xED\xA0\x80\n\n"_ba, {{fffd + fffd + fffd}});
    row("above U+10FFFF", "data: \xF4\x90\x80\x80|\xF5\n\n"_ba, {{fffd + fffd + fffd + fffd + "|" + fffd}});
    row("largest code points", "data: \xF4\x8F\xBF\xBF\xED\x9F\xBF\xEE\x80\x80\n\n"_ba,
        {{"\xF4\x8F\xBF\xBF\xED\x9F\xBF\xEE\x80\x80"_ba}});
    row("WHATWG maximal subparts", "data: \xF1\x80\x80\xE1\x80\xC2\x41\n\n"_ba, {{fffd + fffd + fffd + "A"}});
    row("invalid event type", "event: \xFF\ndata: x\n\n"_ba, {{"x"_ba, u"\uFFFD"_s}});
    row("invalid id", "id: \xC3\ndata: x\n\n"_ba, {{"x"_ba, u"message"_s, u"\uFFFD"_s}}, u"\uFFFD"_s);
    row("invalid field name",
        "d\xFF"
        "ata: x\n\ndata\xFF: y\n\n"_ba,
        {});
    row("BOM at the start of an id and an event type", "id: " + bom + "1\nevent:" + bom + "\ndata: x\n\n",
        {{"x"_ba, u"\uFEFF"_s, u"\uFEFF1"_s}}, u"\uFEFF1"_s);
    row("invalid bytes in a comment", ":\xFF\xFE\ndata: x\n\n"_ba, {{"x"_ba}});
}

void TestSseParser::rules()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QFETCH(QByteArrayList, chunks);

    QStringList actual = referenceOutcome(stream);
    QVERIFY2(actual == expected, qPrintable(mismatch(u"the reference model"_s, actual, expected)));
    actual = feedWhole(stream);
    QVERIFY2(actual == expected, qPrintable(mismatch(u"fed whole"_s, actual, expected)));
    actual = feedBytewise(stream);
    QVERIFY2(actual == expected, qPrintable(mismatch(u"fed byte by byte"_s, actual, expected)));
    for (qsizetype at = 1; at < stream.size(); ++at) {
        actual = feedSplit(stream, at);
        QVERIFY2(actual == expected, qPrintable(mismatch(u"split at %1"_s.arg(at), actual, expected)));
    }
    if (!chunks.isEmpty()) {
        QCOMPARE(chunks.join(), stream);
        actual = feedChunks(chunks);
        QVERIFY2(actual == expected, qPrintable(mismatch(u"fed in the peer's chunks"_s, actual, expected)));
    }
}
