// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiChunkDecoder, continued: whole chunks decoded into what they carry.
#include "tst_openaichunkdecoder.h"

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

    // The thinking: reasoning_content or reasoning, the first that holds text when a delta has both.
    QTest::newRow("reasoning_content, content null")
        << QByteArray(R"({"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Hmm"}}]})")
        << chunk << OpenAiChunk(Expect().reasoning(u"Hmm"_s));
    QTest::newRow("reasoning") << QByteArray(
                                      R"({"choices":[{"index":0,"delta":{"reasoning":"Hmm","content":""}}]})")
                               << chunk << OpenAiChunk(Expect().reasoning(u"Hmm"_s));
    QTest::newRow("both names, once")
        << QByteArray(
               R"({"choices":[{"index":0,"delta":{"reasoning":null,"reasoning_content":"A","reasoning":"A"}}]})")
        << chunk << OpenAiChunk(Expect().reasoning(u"A"_s));
    QTest::newRow("reasoning, index after delta")
        << QByteArray(R"({"choices":[{"delta":{"reasoning_content":"late"},"index":0},)"
                      R"({"delta":{"reasoning_content":"other"},"index":1}]})")
        << chunk << OpenAiChunk(Expect().reasoning(u"late"_s));
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
        << chunk << OpenAiChunk(Expect().content(u"t"_s).reasoning(u"think"_s));
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
