// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiChunkDecoder, continued: what is valid JSON, and the nesting limit.
#include "tst_openaichunkdecoder.h"

void TestOpenAiChunkDecoder::validity_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");

    const auto ok = [](const char *name, const QByteArray &json) {
        QTest::newRow(name) << json << true;
    };
    const auto bad = [](const char *name, const QByteArray &json) {
        QTest::newRow(name) << json << false;
    };

    ok("zero", "0");
    ok("minus zero", "-0");
    ok("integer", "123");
    ok("negative", "-45");
    ok("fraction", "1.5");
    ok("negative fraction", "-0.25");
    ok("exponent", "1e5");
    ok("exponent upper, plus", "1E+5");
    ok("exponent minus", "2.5e-3");
    ok("zero exponent", "0e0");
    ok("huge integer", "123456789012345678901234567890");
    ok("huge exponent", "1e400");
    ok("true", "true");
    ok("false", "false");
    ok("null", "null");
    ok("empty string", R"("")");
    ok("string", R"("abc")");
    ok("all escapes", R"("\"\\\/\b\f\n\r\t\u0041\u00e9")");
    ok("escaped NUL", R"("\u0000")");
    ok("lone surrogate", R"("\ud800")");
    ok("UTF-8 two bytes", "\"\xc3\xa9\"");
    ok("UTF-8 three bytes", "\"\xe2\x82\xac\"");
    ok("UTF-8 four bytes", "\"\xf0\x9f\x98\x80\"");
    ok("UTF-8 highest", "\"\xf4\x8f\xbf\xbf\"");
    ok("UTF-8 U+FEFF in string", "\"\xef\xbb\xbf\"");
    ok("DEL in string", "\"\x7f\"");
    ok("empty array", "[]");
    ok("empty object", "{}");
    ok("array", "[1,\"a\",true,null,{},[]]");
    ok("object", R"({"a":1,"b":[{"c":null}],"":0})");
    ok("duplicate keys", R"({"a":1,"a":2})");
    ok("whitespace everywhere", " \t\r\n[ 1 ,\n{ \"a\" : 2 } ]\r\n ");
    ok("nested 100", nested(100));
    ok("nested objects", R"({"a":{"b":{"c":{"d":{}}}}})");

    bad("empty", "");
    bad("whitespace only", " \n\t");
    bad("leading zero", "01");
    bad("negative leading zero", "-01");
    bad("leading zero in array", "[00]");
    bad("dot without digits", "1.");
    bad("dot first", ".5");
    bad("minus alone", "-");
    bad("minus in array", "[-]");
    bad("plus", "+1");
    bad("exponent without digits", "1e");
    bad("exponent sign without digits", "1e+");
    bad("dot then exponent", "1.e5");
    bad("hex", "0x10");
    bad("NaN", "NaN");
    bad("Infinity", "Infinity");
    bad("minus Infinity", "-Infinity");
    bad("true truncated", "tru");
    bad("True capitalised", "True");
    bad("null truncated", "nul");
    bad("null extended", "nulll");
    bad("trailing comma in array", "[1,]");
    bad("leading comma in array", "[,1]");
    bad("missing comma in array", "[1 2]");
    bad("two commas", "[1,,2]");
    bad("trailing comma in object", R"({"a":1,})");
    bad("comma only object", "{,}");
    bad("key without value", R"({"a"})");
    bad("key with colon, no value", R"({"a":})");
    bad("missing colon", R"({"a" 1})");
    bad("unquoted key", "{a:1}");
    bad("single quotes", "{'a':1}");
    bad("number key", "{1:1}");
    bad("unclosed array", "[1");
    bad("unclosed empty array", "[");
    bad("unclosed object", R"({"a":1)");
    bad("unclosed empty object", "{");
    bad("unclosed string", R"("abc)");
    bad("unclosed string in object", R"({"a":"b)");
    bad("mismatched brackets", "[}");
    bad("mismatched braces", R"({"a":1])");
    bad("bad escape", R"("\x")");
    bad("escaped single quote", R"("\'")");
    bad("upper case U escape", R"("\U0041")");
    bad("short unicode escape", R"("\u12")");
    bad("unicode escape, bad hex", R"("\u12G4")");
    bad("backslash at end", "\"\\");
    bad("raw tab in string", "\"a\tb\"");
    bad("raw newline in string", "\"a\nb\"");
    bad("raw NUL in string", QByteArray("\"a\0b\"", 5));
    bad("raw 0x1f in string", "\"\x1f\"");
    bad("UTF-8 lone continuation", "\"\x80\"");
    bad("UTF-8 invalid byte", "\"\xff\"");
    bad("UTF-8 overlong 2", "\"\xc0\x80\"");
    bad("UTF-8 overlong 3", "\"\xe0\x80\xaf\"");
    bad("UTF-8 overlong 4", "\"\xf0\x80\x80\xaf\"");
    bad("UTF-8 surrogate", "\"\xed\xa0\x80\"");
    bad("UTF-8 above U+10FFFF", "\"\xf4\x90\x80\x80\"");
    bad("UTF-8 truncated", "\"\xe2\x82\"");
    bad("UTF-8 truncated at end", "\"\xe2\x82");
    bad("UTF-8 outside a string", "\xc3\xa9");
    bad("trailing garbage", "1 2");
    bad("trailing garbage after object", "{} x");
    bad("extra bracket", "[]]");
    bad("extra brace", "{}}");
    bad("string then text", R"("a"b)");
    bad("trailing comma at top", "null,");
    bad("trailing NUL", QByteArray("[1]\0", 4));
    bad("byte order mark", "\xef\xbb\xbf[]");
    bad("comment", "/* c */ 1");
    bad("line comment", "[1] // c");
    bad("two top-level objects", R"({"a":1}{"b":2})");
    bad("nested too deep", nested(JsonReader::MaxDepth + 1));
}

void TestOpenAiChunkDecoder::validity()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);

    QCOMPARE(readerAccepts(json), valid);

    // The decoder judges the whole event, including the fields it skips.
    OpenAiChunk chunk;
    const QByteArray wrapped = R"({"model":"m","unknown":)" + json + R"(,"choices":[]})";
    QCOMPARE(OpenAiChunkDecoder::decode(wrapped, chunk), valid ? Result::Chunk : Result::Invalid);
    QCOMPARE(chunk.model, valid ? u"m"_s : QString());
    if (json.startsWith('{')) {
        QCOMPARE(OpenAiChunkDecoder::decode(json, chunk), valid ? Result::Chunk : Result::Invalid);
    }
}

void TestOpenAiChunkDecoder::depthLimit()
{
    const int max = JsonReader::MaxDepth;
    QVERIFY(readerAccepts(nested(max)));
    QVERIFY(readerAccepts(nested(max - 1, "{\"a\":1}")));
    QVERIFY(!readerAccepts(nested(max, "{}")));

    const QByteArray deep = nested(max + 1);
    JsonReader tooDeep(deep);
    QVERIFY(!tooDeep.skipValue());
    QCOMPARE(tooDeep.error(), JsonReader::Error::TooDeep);
    QCOMPARE(tooDeep.errorOffset(), qsizetype(max));

    // Far deeper than the stack could take if the reader recursed without a limit.
    const QByteArray brackets(1000000, '[');
    JsonReader hostile(brackets);
    QVERIFY(!hostile.skipValue());
    QCOMPARE(hostile.error(), JsonReader::Error::TooDeep);
    QByteArray objects;
    for (int i = 0; i < 100000; ++i)
        objects += "{\"a\":";
    QVERIFY(!readerAccepts(objects));

    // In the decoder the top-level object is the first level.
    OpenAiChunk chunk;
    QCOMPARE(OpenAiChunkDecoder::decode("{\"x\":" + nested(max - 1) + "}", chunk), Result::Chunk);
    QCOMPARE(OpenAiChunkDecoder::decode("{\"x\":" + nested(max) + "}", chunk), Result::Invalid);
    QCOMPARE(OpenAiChunkDecoder::decode("{\"x\":" + QByteArray(1000000, '['), chunk), Result::Invalid);
}
