// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiChunkDecoder, continued: string escapes and their boundaries, and integers.
#include "tst_openaichunkdecoder.h"

void TestOpenAiChunkDecoder::strings_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QByteArray(R"("Hello, world")") << u"Hello, world"_s;
    QTest::newRow("empty") << QByteArray(R"("")") << QString();
    QTest::newRow("newline") << QByteArray(R"("a\nb")") << u"a\nb"_s;
    QTest::newRow("only escapes") << QByteArray(R"("\n\n")") << u"\n\n"_s;
    QTest::newRow("quote") << QByteArray(R"("say \"hi\"")") << u"say \"hi\""_s;
    QTest::newRow("backslash") << QByteArray(R"("C:\\dir\\")") << u"C:\\dir\\"_s;
    QTest::newRow("solidus") << QByteArray(R"("a\/b/c")") << u"a/b/c"_s;
    QTest::newRow("controls") << QByteArray(R"("\b\f\r\t")") << u"\b\f\r\t"_s;
    QTest::newRow("DEL raw") << QByteArray("\"a\x7f\"") << u"a\x7f"_s;
    QTest::newRow("e acute escaped") << QByteArray(R"("caf\u00e9")") << u"café"_s;
    QTest::newRow("e acute raw") << QByteArray("\"caf\xc3\xa9\"") << u"café"_s;
    QTest::newRow("euro escaped, upper case hex") << QByteArray(R"("\u20AC1")") << u"€1"_s;
    QTest::newRow("CJK raw") << QByteArray("\"\xe4\xbd\xa0\xe5\xa5\xbd\"") << u"你好"_s;
    QTest::newRow("emoji raw") << QByteArray("\"\xf0\x9f\x98\x80!\"") << u"😀!"_s;
    QTest::newRow("emoji surrogate pair") << QByteArray(R"("\ud83d\ude00!")") << u"😀!"_s;
    QTest::newRow("emoji pair, upper case") << QByteArray(R"("\uD83D\uDE00")") << u"😀"_s;
    QTest::newRow("two pairs") << QByteArray(R"("\ud83d\udc4d\ud83c\udffd")") << u"👍🏽"_s;
    QTest::newRow("U+10FFFF") << QByteArray(R"("\udbff\udfff")") << QString::fromUcs4(U"\U0010FFFF", 1);
    QTest::newRow("lone high surrogate") << QByteArray(R"("a\ud800b")") << u"a\uFFFDb"_s;
    QTest::newRow("lone high at end") << QByteArray(R"("a\ud83d")") << u"a\uFFFD"_s;
    QTest::newRow("lone low surrogate") << QByteArray(R"("\udc00x")") << u"\uFFFDx"_s;
    QTest::newRow("high, then a pair") << QByteArray(R"("\ud800\ud83d\ude00")") << u"\uFFFD😀"_s;
    QTest::newRow("pair reversed") << QByteArray(R"("\ude00\ud83d")") << u"\uFFFD\uFFFD"_s;
    QTest::newRow("high, then an escape") << QByteArray(R"("\ud83d\n")") << u"\uFFFD\n"_s;
    QTest::newRow("high, then a BMP escape") << QByteArray(R"("\ud83d\u0041")") << u"\uFFFDA"_s;
    QTest::newRow("NUL") << QByteArray(R"("a\u0000b")") << QStringView(u"a\0b", 3).toString();
    QTest::newRow("escaped slash and unicode mixed")
        << QByteArray("\"\xc3\xa9\\t\\u00e9\\\"\xf0\x9f\x98\x80\"") << u"é\té\"😀"_s;
    QTest::newRow("long ASCII") << ("\"" + QByteArray(1000, 'x') + "\"") << QString(1000, u'x');
    QTest::newRow("U+2028 raw") << QByteArray("\"a\xe2\x80\xa8z\"") << u"a\u2028z"_s;
}

void TestOpenAiChunkDecoder::strings()
{
    QFETCH(QByteArray, literal);
    QFETCH(QString, expected);

    OpenAiChunk chunk;
    const QByteArray data = R"({"choices":[{"index":0,"delta":{"content":)" + literal + "}}]}";
    QCOMPARE(OpenAiChunkDecoder::decode(data, chunk), Result::Chunk);
    QCOMPARE(chunk.content, expected);
    QCOMPARE(chunk.content.size(), expected.size());

    // The same text as a key.
    const QByteArray object = "{" + literal + ":1}";
    JsonReader reader(object);
    QVERIFY(reader.enterObject());
    QByteArrayView key;
    QVERIFY(reader.nextKey(key));
    QCOMPARE(QString::fromUtf8(key), expected);
    QVERIFY(reader.skipValue());
    QVERIFY(!reader.nextKey(key));
    QVERIFY(reader.finish());
}

// Strings are scanned eight bytes at a time: put every kind of byte that stops the scan at every
// offset of a word, in strings that end inside the input and at its very end.
void TestOpenAiChunkDecoder::stringBoundaries()
{
    struct Special
    {
        QByteArray json;
        QString text;
    };
    const Special specials[] = {
        {"\\n", u"\n"_s},           {"\\\"", u"\""_s},        {"\\u00e9", u"é"_s},
        {"\xc3\xa9", u"é"_s},       {"\xe2\x82\xac", u"€"_s}, {"\xf0\x9f\x98\x80", u"😀"_s},
        {"\\ud83d\\ude00", u"😀"_s}, {"\x7f", u"\x7f"_s},      {" ", u" "_s},
        {"!#[]", u"!#[]"_s},
    };
    for (int length = 0; length <= 24; ++length) {
        for (int at = 0; at <= length; ++at) {
            for (const Special &special : specials) {
                const QByteArray plain(length, 'x');
                const QByteArray literal = '"' + plain.left(at) + special.json + plain.mid(at) + '"';
                const QString expected =
                    QString::fromLatin1(plain.left(at)) + special.text + QString::fromLatin1(plain.mid(at));

                JsonReader reader(literal);
                QString text;
                QVERIFY2(reader.readString(text) && reader.finish(), literal.constData());
                QCOMPARE(text, expected);

                OpenAiChunk chunk;
                const QByteArray data = R"({"choices":[{"index":0,"delta":{"content":)" + literal + "}}]}";
                QCOMPARE(OpenAiChunkDecoder::decode(data, chunk), Result::Chunk);
                QCOMPARE(chunk.content, expected);
            }
            for (const char bad : {'\x01', '\x1f', '\t', '\n'}) {
                const QByteArray plain(length, 'x');
                const QByteArray literal = '"' + plain.left(at) + bad + plain.mid(at) + '"';
                QVERIFY(!readerAccepts(literal));
            }
            const QByteArray unclosed = '"' + QByteArray(length, 'x');
            QVERIFY(!readerAccepts(unclosed));
        }
    }

    // Every printable ASCII byte, at every alignment.
    QByteArray printable;
    for (char c = ' '; c < 0x7f; ++c) {
        if (c != '"' && c != '\\')
            printable += c;
    }
    for (int shift = 0; shift < 8; ++shift) {
        const QByteArray text = QByteArray(shift, 'x') + printable;
        const QByteArray literal = '"' + text + '"';
        JsonReader reader(literal);
        QString read;
        QVERIFY(reader.readString(read));
        QCOMPARE(read, QString::fromLatin1(text));
    }
}

void TestOpenAiChunkDecoder::integers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("isInteger");
    QTest::addColumn<qint64>("value");

    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("minus zero") << QByteArray("-0") << true << qint64(0);
    QTest::newRow("positive") << QByteArray("42") << true << qint64(42);
    QTest::newRow("negative") << QByteArray("-17") << true << qint64(-17);
    QTest::newRow("max") << QByteArray("9223372036854775807") << true << std::numeric_limits<qint64>::max();
    QTest::newRow("min") << QByteArray("-9223372036854775808") << true << std::numeric_limits<qint64>::min();
    QTest::newRow("max + 1") << QByteArray("9223372036854775808") << false << qint64(0);
    QTest::newRow("min - 1") << QByteArray("-9223372036854775809") << false << qint64(0);
    QTest::newRow("huge") << QByteArray("100000000000000000000000") << false << qint64(0);
    QTest::newRow("fraction") << QByteArray("1.0") << false << qint64(0);
    QTest::newRow("exponent") << QByteArray("1e3") << false << qint64(0);
}

void TestOpenAiChunkDecoder::integers()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, isInteger);
    QFETCH(qint64, value);

    JsonReader reader(json);
    QCOMPARE(reader.peek(), JsonReader::Type::Number);
    const std::optional<qint64> result = reader.readInteger();
    QCOMPARE(result.has_value(), isInteger);
    if (isInteger)
        QCOMPARE(*result, value);
    QVERIFY(reader.finish()); // a valid number that is not an integer is not an error

    JsonReader text(json);
    QCOMPARE(text.readNumber(), QByteArrayView(json));
}
