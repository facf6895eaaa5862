// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaichunkdecoder.h"
#include "jsonreader.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;

using Result = OpenAiChunkDecoder::Result;

Q_DECLARE_METATYPE(OpenAiChunk)

namespace {

// Builds the chunk a case expects.
struct Expect
{
    OpenAiChunk chunk;

    Expect &content(const QString &text)
    {
        chunk.content = text;
        return *this;
    }
    Expect &refusal(const QString &text)
    {
        chunk.refusal = text;
        return *this;
    }
    Expect &finish(const QString &reason)
    {
        chunk.finishReason = reason;
        return *this;
    }
    Expect &model(const QString &name)
    {
        chunk.model = name;
        return *this;
    }
    Expect &usage(qint64 prompt, qint64 completion, qint64 total, qint64 reasoning = 0)
    {
        chunk.usage = TokenUsage{prompt, completion, total, reasoning};
        return *this;
    }
    Expect &error(const QString &message, const QString &type = {}, const QString &code = {})
    {
        chunk.error = OpenAiChunk::Error{message, type, code};
        return *this;
    }
    operator OpenAiChunk() const { return chunk; }
};

void compareChunks(const OpenAiChunk &actual, const OpenAiChunk &expected)
{
    QCOMPARE(actual.content, expected.content);
    QCOMPARE(actual.refusal, expected.refusal);
    QCOMPARE(actual.finishReason, expected.finishReason);
    QCOMPARE(actual.model, expected.model);
    QCOMPARE(actual.usage.has_value(), expected.usage.has_value());
    if (expected.usage) {
        QCOMPARE(actual.usage->promptTokens, expected.usage->promptTokens);
        QCOMPARE(actual.usage->completionTokens, expected.usage->completionTokens);
        QCOMPARE(actual.usage->totalTokens, expected.usage->totalTokens);
        QCOMPARE(actual.usage->reasoningTokens, expected.usage->reasoningTokens);
    }
    QCOMPARE(actual.error.has_value(), expected.error.has_value());
    if (expected.error) {
        QCOMPARE(actual.error->message, expected.error->message);
        QCOMPARE(actual.error->type, expected.error->type);
        QCOMPARE(actual.error->code, expected.error->code);
    }
}

// A whole document through the reader: one value, skipped (and so validated), then the end.
bool readerAccepts(const QByteArray &json)
{
    JsonReader reader(json);
    return reader.skipValue() && reader.finish();
}

QByteArray nested(int depth, const QByteArray &inner = {})
{
    return QByteArray(depth, '[') + inner + QByteArray(depth, ']');
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString recordedDir()
{
    return QStringLiteral(CONFAB_TEST_DATA_DIR "/openai-recorded");
}

} // namespace

class TestOpenAiChunkDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void strings_data();
    void strings();
    void stringBoundaries();
    void validity_data();
    void validity();
    void depthLimit();
    void integers_data();
    void integers();
    void readerWalk();
    void readerMisuse();
    void reusesAndDetaches();
    void recorded_data();
    void recorded();
};

void TestOpenAiChunkDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("result");
    QTest::addColumn<OpenAiChunk>("expected");

    const auto chunk = int(Result::Chunk);
    const auto invalid = int(Result::Invalid);
    const auto done = int(Result::Done);
    const QString gpt = u"gpt-4o-2024-08-06"_s;
    const QByteArray head =
        R"("id":"chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL","object":"chat.completion.chunk",)"
        R"("created":1727346168,"model":"gpt-4o-2024-08-06",)"
        R"("system_fingerprint":"fp_5050236cbd",)";
    auto event = [&](const char *rest) {
        return "{" + head + rest + "}";
    };

    // [DONE]
    QTest::newRow("done") << QByteArray("[DONE]") << done << OpenAiChunk(Expect());
    QTest::newRow("done, whitespace") << QByteArray(" \t[DONE]\r\n ") << done << OpenAiChunk(Expect());
    QTest::newRow("done, lower case") << QByteArray("[done]") << invalid << OpenAiChunk(Expect());
    QTest::newRow("done, inner space") << QByteArray("[ DONE ]") << invalid << OpenAiChunk(Expect());
    QTest::newRow("done, trailing text") << QByteArray("[DONE]x") << invalid << OpenAiChunk(Expect());
    QTest::newRow("done, quoted") << QByteArray("\"[DONE]\"") << invalid << OpenAiChunk(Expect());
    QTest::newRow("empty") << QByteArray() << invalid << OpenAiChunk(Expect());
    QTest::newRow("blank") << QByteArray(" \n ") << invalid << OpenAiChunk(Expect());

    // The shapes of the recorded streams.
    QTest::newRow("role chunk")
        << event(R"("choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},)"
                 R"("logprobs":null,"finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt));
    QTest::newRow("content")
        << event(R"("choices":[{"index":0,"delta":{"content":"I'm"},"logprobs":null,"finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt).content(u"I'm"_s));
    QTest::newRow("finish stop")
        << event(R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}])") << chunk
        << OpenAiChunk(Expect().model(gpt).finish(u"stop"_s));
    QTest::newRow("finish length")
        << event(R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}])") << chunk
        << OpenAiChunk(Expect().model(gpt).finish(u"length"_s));
    QTest::newRow("content and finish together")
        << QByteArray(
               R"({"choices":[{"index":0,"delta":{"content":"end"},"finish_reason":"content_filter"}]})")
        << chunk << OpenAiChunk(Expect().content(u"end"_s).finish(u"content_filter"_s));
    QTest::newRow("usage, choices empty")
        << event(R"("choices":[],"usage":{"prompt_tokens":14,"completion_tokens":30,"total_tokens":44,)"
                 R"("completion_tokens_details":{"reasoning_tokens":0}})")
        << chunk << OpenAiChunk(Expect().model(gpt).usage(14, 30, 44, 0));
    QTest::newRow("usage, choices null")
        << QByteArray(
               R"({"choices":null,"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})")
        << chunk << OpenAiChunk(Expect().usage(1, 2, 3));
    QTest::newRow("usage, no choices")
        << QByteArray(R"({"usage":{"total_tokens":3,"completion_tokens_details":{"reasoning_tokens":7}}})")
        << chunk << OpenAiChunk(Expect().usage(0, 0, 3, 7));
    QTest::newRow("usage, before choices")
        << QByteArray(R"({"usage":{"prompt_tokens":5},"choices":[{"index":0,"delta":{"content":"x"}}]})")
        << chunk << OpenAiChunk(Expect().content(u"x"_s).usage(5, 0, 0));
    QTest::newRow("usage null") << QByteArray(
                                       R"({"choices":[{"index":0,"delta":{"content":"a"}}],"usage":null})")
                                << chunk << OpenAiChunk(Expect().content(u"a"_s));
    QTest::newRow("usage empty object")
        << QByteArray(R"({"usage":{}})") << chunk << OpenAiChunk(Expect().usage(0, 0, 0));
    QTest::newRow("usage, details null and extra details")
        << QByteArray(R"({"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,)"
                      R"("prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},)"
                      R"("completion_tokens_details":null}})")
        << chunk << OpenAiChunk(Expect().usage(9, 2, 11));
    QTest::newRow("usage, reasoning with other details")
        << QByteArray(R"({"usage":{"completion_tokens_details":{"audio_tokens":1,"reasoning_tokens":64,)"
                      R"("accepted_prediction_tokens":0}}})")
        << chunk << OpenAiChunk(Expect().usage(0, 0, 0, 64));
    QTest::newRow("usage, wrong types ignored")
        << QByteArray(R"({"usage":{"prompt_tokens":"12","completion_tokens":2.5,"total_tokens":1e3,)"
                      R"("completion_tokens_details":[1]}})")
        << chunk << OpenAiChunk(Expect().usage(0, 0, 0));
    QTest::newRow("usage, large counts")
        << QByteArray(R"({"usage":{"prompt_tokens":9007199254740993,"total_tokens":99999999999999999999}})")
        << chunk << OpenAiChunk(Expect().usage(9007199254740993, 0, 0));
    QTest::newRow("usage not an object")
        << QByteArray(R"({"usage":"none"})") << chunk << OpenAiChunk(Expect());

    // Several choices: only index 0 counts, found by its index field.
    QTest::newRow("index 1 only")
        << QByteArray(R"({"choices":[{"index":1,"delta":{"content":"other"},"finish_reason":"stop"}]})")
        << chunk << OpenAiChunk(Expect());
    QTest::newRow("index 1 before index 0")
        << QByteArray(R"({"choices":[{"index":1,"delta":{"content":"one"},"finish_reason":"stop"},)"
                      R"({"index":0,"delta":{"content":"zero"},"finish_reason":null},)"
                      R"({"index":2,"delta":{"refusal":"two"},"finish_reason":"length"}]})")
        << chunk << OpenAiChunk(Expect().content(u"zero"_s));
    QTest::newRow("index after delta, 0")
        << QByteArray(
               R"({"choices":[{"delta":{"content":"late","refusal":"r"},"finish_reason":"stop","index":0}]})")
        << chunk << OpenAiChunk(Expect().content(u"late"_s).refusal(u"r"_s).finish(u"stop"_s));
    QTest::newRow("index after delta, 1")
        << QByteArray(R"({"choices":[{"delta":{"content":"late"},"finish_reason":"stop","index":1}]})")
        << chunk << OpenAiChunk(Expect());
    QTest::newRow("no index, first position")
        << QByteArray(R"({"choices":[{"delta":{"content":"first"}},{"delta":{"content":"second"}}]})")
        << chunk << OpenAiChunk(Expect().content(u"first"_s));
    QTest::newRow("index not an integer")
        << QByteArray(R"({"choices":[{"index":0.5,"delta":{"content":"half"}},{"index":-0,"delta":{}}]})")
        << chunk << OpenAiChunk(Expect());
    QTest::newRow("choice not an object")
        << QByteArray(R"({"choices":[null,{"index":0,"delta":{"content":"ok"}},3,"x"]})") << chunk
        << OpenAiChunk(Expect().content(u"ok"_s));

    // Refusals.
    QTest::newRow("refusal role chunk")
        << event(R"("choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},)"
                 R"("logprobs":null,"finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt));
    QTest::newRow("refusal")
        << event(
               R"("choices":[{"index":0,"delta":{"refusal":" sorry"},"logprobs":null,"finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt).refusal(u" sorry"_s));
    QTest::newRow("refusal with logprobs")
        << event(R"("choices":[{"index":0,"delta":{"refusal":"I'm"},"logprobs":{"content":null,"refusal":)"
                 R"([{"token":"I'm","logprob":-0.0012038043,"bytes":[73,39,109],"top_logprobs":[]}]},)"
                 R"("finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt).refusal(u"I'm"_s));

    // What is not ours to read is skipped.
    QTest::newRow("tool call")
        << event(
               R"("choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,)"
               R"("id":"call_4XzlGBLtUe9dy3GVNV4jhq7h","type":"function","function":{"name":"get_weather",)"
               R"("arguments":"{\"city\":\"New York City\"}"}}],"refusal":null},"logprobs":null,)"
               R"("finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt));
    QTest::newRow("content logprobs")
        << event(R"("choices":[{"index":0,"delta":{"content":"Foo"},"logprobs":{"content":[{"token":"Foo",)"
                 R"("logprob":-0.0025094282,"bytes":[70,111,111],"top_logprobs":[]}],"refusal":null},)"
                 R"("finish_reason":null}])")
        << chunk << OpenAiChunk(Expect().model(gpt).content(u"Foo"_s));
    QTest::newRow("obfuscation and service tier")
        << QByteArray(R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-5",)"
                      R"("service_tier":"default","system_fingerprint":null,"choices":[{"index":0,)"
                      R"("delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],)"
                      R"("obfuscation":"first-padding"})")
        << chunk << OpenAiChunk(Expect().model(u"gpt-5"_s).content(u"Hi"_s));
    QTest::newRow("unknown nested fields")
        << QByteArray(R"({"x":{"y":[1,{"z":[true,false,null,-1.5e-3,"s\"\u00e9"]}],"w":{}},)"
                      R"("choices":[{"index":0,"delta":{"content":"t","future":{"a":[[]]},)"
                      R"("reasoning_content":"think"},"stop_reason":null,"extra":[]}]})")
        << chunk << OpenAiChunk(Expect().content(u"t"_s));
    QTest::newRow("wrong types ignored")
        << QByteArray(R"({"model":42,"choices":[{"index":0,"delta":{"content":7,"refusal":[]},)"
                      R"("finish_reason":true}]})")
        << chunk << OpenAiChunk(Expect());
    QTest::newRow("choices an object")
        << QByteArray(R"({"choices":{"index":0,"delta":{"content":"x"}}})") << chunk << OpenAiChunk(Expect());
    QTest::newRow("delta a string") << QByteArray(R"({"choices":[{"index":0,"delta":"x"}]})") << chunk
                                    << OpenAiChunk(Expect());
    QTest::newRow("delta null, finish")
        << QByteArray(R"({"choices":[{"index":0,"delta":null,"finish_reason":"stop"}]})") << chunk
        << OpenAiChunk(Expect().finish(u"stop"_s));
    QTest::newRow("empty object") << QByteArray("{}") << chunk << OpenAiChunk(Expect());
    QTest::newRow("pretty printed")
        << QByteArray("\n {\r\n\t\"model\" : \"m\" ,\n \"choices\" : [ { \"index\" : 0 , \"delta\" : "
                      "{ \"content\" : \"p\" } } ]\n}\n ")
        << chunk << OpenAiChunk(Expect().model(u"m"_s).content(u"p"_s));
    QTest::newRow("escaped keys")
        << QByteArray(R"({"mod\u0065l":"m","\u0063hoices":[{"ind\u0065x":0,"delta":{"cont\u0065nt":"e"}}]})")
        << chunk << OpenAiChunk(Expect().model(u"m"_s).content(u"e"_s));
    QTest::newRow("duplicate keys, last wins")
        << QByteArray(R"({"model":"a","model":"b","usage":{"total_tokens":1},"usage":null})") << chunk
        << OpenAiChunk(Expect().model(u"b"_s));
    QTest::newRow("vllm usage chunk")
        << QByteArray(R"({"id":"cmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen",)"
                      R"("choices":[],"usage":{"prompt_tokens":10,"total_tokens":15,"completion_tokens":5}})")
        << chunk << OpenAiChunk(Expect().model(u"qwen"_s).usage(10, 5, 15));

    // Errors inside the stream.
    QTest::newRow("error object, code null")
        << QByteArray(
               R"({"error":{"message":"The server experienced an error while processing your request.",)"
               R"( "type":"server_error", "param":null,"code":null}})")
        << chunk
        << OpenAiChunk(Expect().error(u"The server experienced an error while processing your request."_s,
                                      u"server_error"_s));
    QTest::newRow("error object, code string")
        << QByteArray(R"({"error":{"type":"tokens","code":"rate_limit_exceeded","message":"Rate limit",)"
                      R"("param":null}})")
        << chunk << OpenAiChunk(Expect().error(u"Rate limit"_s, u"tokens"_s, u"rate_limit_exceeded"_s));
    QTest::newRow("error object, code number")
        << QByteArray(R"({"error":{"message":"Too many","type":"rate","code":429}})") << chunk
        << OpenAiChunk(Expect().error(u"Too many"_s, u"rate"_s, u"429"_s));
    QTest::newRow("error object, empty")
        << QByteArray(R"({"error":{}})") << chunk << OpenAiChunk(Expect().error({}));
    QTest::newRow("error string") << QByteArray(R"({"error": "thinking_budget is not supported"})") << chunk
                                  << OpenAiChunk(Expect().error(u"thinking_budget is not supported"_s));
    QTest::newRow("error null") << QByteArray(
                                       R"({"error":null,"choices":[{"index":0,"delta":{"content":"c"}}]})")
                                << chunk << OpenAiChunk(Expect().content(u"c"_s));
    QTest::newRow("error number ignored") << QByteArray(R"({"error":500})") << chunk << OpenAiChunk(Expect());
    QTest::newRow("error with partial reply")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"par"},"finish_reason":"error"}],)"
                      R"("error":{"message":"boom","type":"server_error"}})")
        << chunk
        << OpenAiChunk(Expect().content(u"par"_s).finish(u"error"_s).error(u"boom"_s, u"server_error"_s));
    QTest::newRow("error, typo from the go-openai report")
        << QByteArray(R"({"error":{"message":"x", "type":"server_error", "param":null,"code":null)})")
        << invalid << OpenAiChunk(Expect());

    // Not a JSON object, or not JSON: nothing is filled in, even what came before the fault.
    QTest::newRow("array") << QByteArray(R"([{"choices":[]}])") << invalid << OpenAiChunk(Expect());
    QTest::newRow("string") << QByteArray(R"("text")") << invalid << OpenAiChunk(Expect());
    QTest::newRow("number") << QByteArray("1") << invalid << OpenAiChunk(Expect());
    QTest::newRow("null") << QByteArray("null") << invalid << OpenAiChunk(Expect());
    QTest::newRow("plain text") << QByteArray("hello") << invalid << OpenAiChunk(Expect());
    QTest::newRow("trailing comma after content")
        << QByteArray(R"({"model":"m","choices":[{"index":0,"delta":{"content":"x"}}],})") << invalid
        << OpenAiChunk(Expect());
    QTest::newRow("truncated")
        << event(R"("choices":[{"index":0,"delta":{"content":"I'm"},"logprobs":null,"finish_reason":nu)")
        << invalid << OpenAiChunk(Expect());
    QTest::newRow("two objects") << QByteArray(R"({"model":"a"}{"model":"b"})") << invalid
                                 << OpenAiChunk(Expect());
    QTest::newRow("bad value in a skipped field")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"x"}}],"id":01})") << invalid
        << OpenAiChunk(Expect());
    QTest::newRow("bad escape in content")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"a\qb"}}]})") << invalid
        << OpenAiChunk(Expect());
    QTest::newRow("bad UTF-8 in content")
        << QByteArray("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\xc3(\"}}]}") << invalid
        << OpenAiChunk(Expect());
    QTest::newRow("data: prefix left on")
        << QByteArray(R"(data: {"model":"m"})") << invalid << OpenAiChunk(Expect());
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{}") << invalid << OpenAiChunk(Expect());
}

void TestOpenAiChunkDecoder::decode()
{
    QFETCH(QByteArray, data);
    QFETCH(int, result);
    QFETCH(OpenAiChunk, expected);

    // Something left over from the previous chunk must not survive.
    OpenAiChunk chunk;
    chunk.content = u"stale"_s;
    chunk.refusal = u"stale"_s;
    chunk.finishReason = u"stale"_s;
    chunk.model = u"stale"_s;
    chunk.usage = TokenUsage{1, 2, 3, 4};
    chunk.error = OpenAiChunk::Error{u"stale"_s, u"stale"_s, u"stale"_s};

    QCOMPARE(int(OpenAiChunkDecoder::decode(data, chunk)), result);
    compareChunks(chunk, expected);
}

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

void TestOpenAiChunkDecoder::readerWalk()
{
    JsonReader reader(R"( {"s":"v\n","n":[1,-2.5e3,null,true,false],"o":{"k":"w"}} )");
    QByteArrayView key;
    QString text;
    QVERIFY(reader.enterObject());

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("s"));
    QCOMPARE(reader.peek(), JsonReader::Type::String);
    QVERIFY(reader.readString(text));
    QCOMPARE(text, u"v\n"_s);

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("n"));
    QVERIFY(reader.enterArray());
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.readInteger(), std::optional<qint64>(1));
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.readNumber(), QByteArrayView("-2.5e3"));
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.peek(), JsonReader::Type::Null);
    QVERIFY(reader.skipValue());
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.peek(), JsonReader::Type::Bool);
    QVERIFY(reader.skipValue());
    QVERIFY(reader.nextElement());
    QVERIFY(reader.skipValue());
    QVERIFY(!reader.nextElement());

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("o"));
    QVERIFY(reader.skipValue());
    QVERIFY(!reader.nextKey(key));
    QVERIFY(!reader.hasError());
    QVERIFY(reader.finish());
}

void TestOpenAiChunkDecoder::readerMisuse()
{
    QString text;
    QByteArrayView key;

    // Asking for the wrong type fails, and the failure sticks.
    JsonReader number("[1]");
    QVERIFY(number.enterArray());
    QVERIFY(number.nextElement());
    QVERIFY(!number.readString(text));
    QCOMPARE(number.error(), JsonReader::Error::WrongType);
    QCOMPARE(number.errorOffset(), qsizetype(1));
    QVERIFY(!number.nextElement());
    QCOMPARE(number.peek(), JsonReader::Type::Invalid);
    QVERIFY(!number.finish());

    // Object calls inside an array and array calls inside an object.
    JsonReader array("[]");
    QVERIFY(array.enterArray());
    QVERIFY(!array.nextKey(key));
    QCOMPARE(array.error(), JsonReader::Error::WrongType);
    JsonReader object("{}");
    QVERIFY(object.enterObject());
    QVERIFY(!object.nextElement());
    QCOMPARE(object.error(), JsonReader::Error::WrongType);

    // Two values with no comma between them cannot slip through by skipping nextElement().
    JsonReader noComma(R"(["a" "b"])");
    QVERIFY(noComma.enterArray());
    QVERIFY(noComma.nextElement());
    QVERIFY(noComma.readString(text));
    QVERIFY(!noComma.readString(text));
    QVERIFY(noComma.hasError());

    // Finishing before the value is complete.
    JsonReader early(R"({"a":1})");
    QVERIFY(early.enterObject());
    QVERIFY(!early.finish());

    // A second top-level value is trailing data, not a second document.
    JsonReader twice("1 2");
    QVERIFY(twice.skipValue());
    QVERIFY(!twice.skipValue());
    QCOMPARE(twice.error(), JsonReader::Error::TrailingData);

    JsonReader bad(R"({"a":[1,01]})");
    QVERIFY(!bad.skipValue());
    QCOMPARE(bad.error(), JsonReader::Error::UnexpectedCharacter);
    QCOMPARE(bad.errorOffset(), qsizetype(9));
}

void TestOpenAiChunkDecoder::reusesAndDetaches()
{
    OpenAiChunk chunk;
    const QByteArray longer = R"({"model":"m","choices":[{"index":0,"delta":{"content":"a longer token"}}]})";
    const QByteArray shorter = R"({"model":"m","choices":[{"index":0,"delta":{"content":"ab"}}]})";

    QCOMPARE(OpenAiChunkDecoder::decode(longer, chunk), Result::Chunk);
    QCOMPARE(chunk.content, u"a longer token"_s);
    QCOMPARE(OpenAiChunkDecoder::decode(shorter, chunk), Result::Chunk);
    QCOMPARE(chunk.content, u"ab"_s);

    // A copy the caller kept is not written through when the buffer is reused.
    const QString kept = chunk.content;
    QCOMPARE(OpenAiChunkDecoder::decode(longer, chunk), Result::Chunk);
    QCOMPARE(kept, u"ab"_s);
    QCOMPARE(chunk.content, u"a longer token"_s);

    // An event without content leaves it empty, not what the last one had.
    QCOMPARE(OpenAiChunkDecoder::decode(R"({"choices":[{"index":0,"delta":{}}]})", chunk), Result::Chunk);
    QVERIFY(chunk.content.isEmpty());
    QVERIFY(chunk.model.isEmpty());
}

void TestOpenAiChunkDecoder::recorded_data()
{
    QTest::addColumn<QString>("stem");

    const QDir dir(recordedDir());
    const QStringList bodies = dir.entryList({u"*.bin"_s}, QDir::Files, QDir::Name);
    QCOMPARE(bodies.size(), 12);
    for (const QString &body : bodies) {
        const QString stem = dir.filePath(body.chopped(4));
        QTest::newRow(qPrintable(body.left(12))) << stem;
    }
}

void TestOpenAiChunkDecoder::recorded()
{
    QFETCH(QString, stem);

    const QByteArray body = readFile(stem + u".bin"_s);
    QVERIFY(!body.isEmpty());
    QVERIFY(QFile::exists(stem + u".expected.txt"_s));
    const QString expectedContent = QString::fromUtf8(readFile(stem + u".expected.txt"_s));
    const QString expectedRefusal = QString::fromUtf8(readFile(stem + u".expected-refusal.txt"_s));
    QHash<QByteArray, QByteArray> meta;
    for (const QByteArray &line : readFile(stem + u".expected-meta.txt"_s).split('\n')) {
        const qsizetype colon = line.indexOf(": ");
        if (colon > 0)
            meta.insert(line.left(colon), line.mid(colon + 2));
    }
    QCOMPARE(meta.size(), 4);

    // The recordings are framed simply (`data: <json>` and a blank line, nothing else), so
    // splitting on blank lines is enough here; the SSE parser has its own tests on them.
    QString content;
    QString refusal;
    QStringList finishReasons;
    QString model;
    std::optional<TokenUsage> usage;
    int chunks = 0;
    bool done = false;
    OpenAiChunk chunk;
    for (qsizetype start = 0; start < body.size();) {
        qsizetype end = body.indexOf("\n\n", start);
        if (end < 0)
            end = body.size();
        const QByteArrayView block = QByteArrayView(body).sliced(start, end - start);
        start = end + 2;
        QVERIFY2(!block.contains('\n'), "an event of more than one line");
        QVERIFY2(block.startsWith("data: "), block.toByteArray().constData());
        QVERIFY2(!done, "an event after [DONE]");
        const Result result = OpenAiChunkDecoder::decode(block.sliced(6), chunk);
        QVERIFY2(result != Result::Invalid, block.toByteArray().constData());
        if (result == Result::Done) {
            done = true;
            continue;
        }
        ++chunks;
        QVERIFY(!chunk.error);
        content += chunk.content;
        refusal += chunk.refusal;
        if (!chunk.finishReason.isEmpty())
            finishReasons.append(chunk.finishReason);
        if (!chunk.model.isEmpty())
            model = chunk.model;
        if (chunk.usage)
            usage = chunk.usage;
    }
    QVERIFY(done);
    QCOMPARE(content, expectedContent);
    QCOMPARE(refusal, expectedRefusal);
    QCOMPARE(QByteArray::number(chunks), meta.value("chunks"));
    QCOMPARE(model.toUtf8(), meta.value("model"));
    QCOMPARE(finishReasons.join(u' ').toUtf8(), meta.value("finish_reason"));
    QVERIFY(usage);
    const QByteArray counts =
        QByteArray::number(usage->promptTokens) + ' ' + QByteArray::number(usage->completionTokens) + ' ' +
        QByteArray::number(usage->totalTokens) + ' ' + QByteArray::number(usage->reasoningTokens);
    QCOMPARE(counts, meta.value("usage"));
}

QTEST_APPLESS_MAIN(TestOpenAiChunkDecoder)
#include "tst_openaichunkdecoder.moc"
