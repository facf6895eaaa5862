// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiProvider, continued.
#include "tst_openaiprovider.h"

// --- The event stream --------------------------------------------------------------------

void TestOpenAiProvider::firstDeltaArrivesWhileServerWithholdsTheRest()
{
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(ScriptedResponse::Framing::Chunked)
                   .write(SseBodyBuilder().role().content(u"Hel"_s).bytes())
                   .hold()
                   .write(SseBodyBuilder().content(u"lo"_s).finish().usage(3, 2).done().bytes()));
    start(config());
    QTRY_COMPARE_WITH_TIMEOUT(m_recorder->contentDeltas.size(), 1, doneTimeout);
    // The server still holds the rest back: the delta came from the bytes read so far.
    QCOMPARE(m_server->holdingCount(), 1);
    QCOMPARE(m_recorder->contentDeltas.at(0), u"Hel"_s);
    QCOMPARE(m_stream->text(), u"Hel"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Streaming);
    QVERIFY(m_stream->isActive());
    QCOMPARE(m_recorder->doneCount, 0);
    QCOMPARE(m_recorder->startedCount, 1);

    m_server->release();
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"Hello"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::typedEventsInOrder()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .content(u"Hello"_s)
                                .content(u", world"_s)
                                .finish(u"stop"_s)
                                .usage(10, 2, 1)
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events, (QStringList{u"started"_s, u"content:Hello"_s, u"content:, world"_s,
                                              u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->stateAtDone, ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hello, world"_s);
    QCOMPARE(m_stream->refusal(), QString());
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->model(), OpenAiJson::defaultModel());
    QVERIFY(!m_stream->error());
    const TokenUsage expected{10, 2, 12, 1};
    QCOMPARE(m_recorder->usages.value(0), expected);
    QVERIFY(m_stream->usage());
    QCOMPARE(*m_stream->usage(), expected);
}

void TestOpenAiProvider::refusalDeltas()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .refusal(u"I'm sorry"_s)
                                .refusal(u", I can't help with that."_s)
                                .finish(u"stop"_s)
                                .usage(8, 9)
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->refusalDeltas, (QStringList{u"I'm sorry"_s, u", I can't help with that."_s}));
    QCOMPARE(m_stream->refusal(), u"I'm sorry, I can't help with that."_s);
    QCOMPARE(m_stream->text(), QString());
    QVERIFY(m_recorder->contentDeltas.isEmpty());
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::doneEndsTheStreamAtOnce_data()
{
    QTest::addColumn<bool>("withFinishReason");
    QTest::newRow("after finish_reason") << true;
    QTest::newRow("without finish_reason") << false;
}

void TestOpenAiProvider::doneEndsTheStreamAtOnce()
{
    QFETCH(bool, withFinishReason);
    SseBodyBuilder body;
    body.role().content(u"Hi"_s);
    if (withFinishReason)
        body.finish();
    body.done();
    // After [DONE] the server keeps the body open: the client must not wait for its end.
    scriptChat(ScriptedResponse::eventStream(body.bytes()).stall());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hi"_s);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::finishReasonWithoutDoneCompletes_data()
{
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<bool>("withUsage");
    QTest::newRow("stop") << u"stop"_s << false;
    QTest::newRow("length, then usage") << u"length"_s << true;
    QTest::newRow("content_filter") << u"content_filter"_s << false;
}

void TestOpenAiProvider::finishReasonWithoutDoneCompletes()
{
    QFETCH(QString, finishReason);
    QFETCH(bool, withUsage);
    SseBodyBuilder body;
    body.role().content(u"Some text"_s).finish(finishReason);
    if (withUsage)
        body.usage(4, 2);
    scriptChat(chatResponse(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
    QCOMPARE(m_recorder->usages.size(), withUsage ? 1 : 0);
}

void TestOpenAiProvider::endWithoutFinishReasonIsInterrupted_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestOpenAiProvider::endWithoutFinishReasonIsInterrupted()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // A clean end of the body, but the reply never said it was complete.
    scriptChat(ScriptedResponse(200)
                   .setHeader("Content-Type", "text/event-stream")
                   .setFraming(framing)
                   .write(SseBodyBuilder().role().content(u"Partial "_s).content(u"answ"_s).bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QVERIFY(m_stream->error());
    QCOMPARE(m_stream->error()->kind, Kind::Interrupted);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestOpenAiProvider::errorInsideStream_data()
{
    QTest::addColumn<QByteArray>("errorPayload");
    QTest::addColumn<QString>("providerMessage");
    QTest::newRow("object") << OpenAiJson::error(u"The model is overloaded. Try again later."_s,
                                                 u"server_error"_s, u"overloaded"_s)
                            << u"The model is overloaded. Try again later."_s;
    QTest::newRow("plain string") << OpenAiJson::errorString(u"upstream provider failed"_s)
                                  << u"upstream provider failed"_s;
}

void TestOpenAiProvider::errorInsideStream()
{
    QFETCH(QByteArray, errorPayload);
    QFETCH(QString, providerMessage);
    m_server->setFallback(chatResponse(simpleReply(u"A retry"_s)));
    scriptChat(chatResponse(SseBodyBuilder().role().content(u"Par"_s).data(errorPayload).bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failures.size(), 1);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerMessage, providerMessage);
    QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    QCOMPARE(m_stream->text(), u"Par"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_server->requestCount(), 1); // after the first token: never again
}

void TestOpenAiProvider::invalidChunksAreSkipped()
{
    scriptChat(chatResponse(SseBodyBuilder()
                                .role()
                                .content(u"A"_s)
                                .data("{not json")
                                .data(R"({"choices":[{"index":0,"delta":{"content":"truncated)")
                                .data("42")
                                .data(R"("a string")")
                                .data("")
                                .content(u"B"_s)
                                .finish()
                                .done()
                                .bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"AB"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestOpenAiProvider::usageChunkWithoutChoices_data()
{
    QTest::addColumn<OpenAiJson::EmptyChoices>("choices");
    QTest::newRow("choices: []") << OpenAiJson::EmptyChoices::Array;
    QTest::newRow("choices: null") << OpenAiJson::EmptyChoices::Null;
    QTest::newRow("no choices") << OpenAiJson::EmptyChoices::Absent;
}

void TestOpenAiProvider::usageChunkWithoutChoices()
{
    QFETCH(OpenAiJson::EmptyChoices, choices);
    scriptChat(chatResponse(
        SseBodyBuilder().role().content(u"Hi"_s).finish().usage(120, 30, 16, choices).done().bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->usages.size(), 1);
    const TokenUsage expected{120, 30, 150, 16};
    QCOMPARE(m_recorder->usages.at(0), expected);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), expected);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

void TestOpenAiProvider::unknownFieldsAreIgnored()
{
    // Fields the client does not know, some named like the ones it looks for, in places a
    // careless reader would take them from.
    const QByteArray chunk1 =
        R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m-1","service_tier":"default",)"
        R"("meta":{"content":"WRONG","choices":[{"index":0,"delta":{"content":"WRONG"}}]},)"
        R"("obfuscation":"x\"y}","choices":[{"index":0,"delta":{"role":"assistant","audio":{"id":"a"},)"
        R"("tool_calls":null,"function_call":null,"extra":[1,{"content":"WRONG"}],"content":"Good"},)"
        R"("logprobs":{"content":[{"token":"Good","logprob":-0.1,"bytes":[71,111],"top_logprobs":[]}]},)"
        R"("finish_reason":null,"future":true}],"usage":null,"x_groq":{"id":"req"}})";
    const QByteArray chunk2 =
        R"({"choices":[{"delta":{"content":" day","reasoning_content":"WRONG"},"index":0,"finish_reason":null}]})";
    scriptChat(chatResponse(SseBodyBuilder().data(chunk1).data(chunk2).finish().done().bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"Good day"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestOpenAiProvider::onlyTheFirstChoiceCounts()
{
    using Json = OpenAiJson;
    const auto delta = [](const QString &text) {
        return QJsonObject{{u"content"_s, text}};
    };
    SseBodyBuilder body;
    body.data(Json::chunkWithChoices({Json::choice(delta(u"B1"_s), QJsonValue::Null, 1),
                                      Json::choice(delta(u"A1"_s), QJsonValue::Null, 0)}));
    body.data(Json::chunkWithChoices({Json::choice(delta(u"A2"_s), QJsonValue::Null, 0)}));
    body.data(Json::chunkWithChoices({Json::choice(delta(u"B2"_s), QJsonValue::Null, 1)}));
    body.data(Json::chunkWithChoices({Json::choice(QJsonObject{}, u"length"_s, 1)}));
    body.data(Json::chunkWithChoices({Json::choice(QJsonObject{}, u"stop"_s, 0)}));
    body.done();
    scriptChat(chatResponse(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), u"A1A2"_s);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A1"_s, u"A2"_s}));
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}
