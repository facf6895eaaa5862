// SPDX-License-Identifier: GPL-3.0-or-later
// TestAnthropicProvider, continued.
#include "tst_anthropicprovider.h"

// --- The event stream --------------------------------------------------------------------

void TestAnthropicProvider::typedEventsInOrder()
{
    SseBodyBuilder body;
    Json::messageStart(body, 11, u"claude-3-opus-latest"_s);
    Json::contentBlockStart(body);
    Json::ping(body);
    Json::textDelta(body, u"Hello"_s);
    Json::textDelta(body, u" there"_s);
    Json::textDelta(body, u"!"_s);
    Json::contentBlockStop(body);
    Json::messageDelta(body, u"end_turn"_s, 6);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events, (QStringList{u"started"_s, u"content:Hello"_s, u"content: there"_s,
                                              u"content:!"_s, u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hello there!"_s);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->model(), u"claude-3-opus-latest"_s);
    const TokenUsage expected{11, 6, 17, 0};
    QCOMPARE(m_recorder->usages.size(), 1);
    QCOMPARE(m_recorder->usages.at(0), expected);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), expected);
}

void TestAnthropicProvider::stopReasonsAreMapped_data()
{
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("end_turn") << u"end_turn"_s << u"stop"_s;
    QTest::newRow("stop_sequence") << u"stop_sequence"_s << u"stop"_s;
    QTest::newRow("max_tokens") << u"max_tokens"_s << u"length"_s;
    QTest::newRow("tool_use") << u"tool_use"_s << u"tool_calls"_s;
    QTest::newRow("pause_turn, kept") << u"pause_turn"_s << u"pause_turn"_s;
}

void TestAnthropicProvider::stopReasonsAreMapped()
{
    QFETCH(QString, stopReason);
    QFETCH(QString, finishReason);
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Some"_s, u" text"_s}, stopReason)));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
}

void TestAnthropicProvider::refusal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("explanation");
    QTest::addColumn<bool>("fails");
    QTest::newRow("explained") << QString() << u"This request was refused due to policy."_s << false;
    QTest::newRow("after some text") << u"Sure, here"_s << QString() << false;
    QTest::newRow("unexplained, nothing said") << QString() << QString() << true;
}

void TestAnthropicProvider::refusal()
{
    QFETCH(QString, text);
    QFETCH(QString, explanation);
    QFETCH(bool, fails);
    SseBodyBuilder body;
    Json::messageStart(body, 20);
    Json::contentBlockStart(body);
    if (!text.isEmpty())
        Json::textDelta(body, text);
    Json::contentBlockStop(body);
    QJsonObject details;
    if (!explanation.isEmpty())
        details = {{u"type"_s, u"refusal"_s}, {u"category"_s, u"cyber"_s}, {u"explanation"_s, explanation}};
    body.event("message_delta", Json::messageDeltaData(u"refusal"_s, 0, details));
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->text(), text);
    QCOMPARE(m_server->requestCount(), 1);
    if (fails) {
        QCOMPARE(m_stream->state(), ChatStream::State::Failed);
        const ProviderError error = m_recorder->failure();
        QCOMPARE(error.kind, Kind::StreamError);
        QCOMPARE(error.providerType, u"refusal"_s);
        QVERIFY2(error.message().contains(u"declined"_s), qPrintable(error.message()));
        return;
    }
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->refusal(), explanation);
    QCOMPARE(m_stream->finishReason(), u"content_filter"_s);
}

void TestAnthropicProvider::nonTextBlocksAreIgnored()
{
    SseBodyBuilder body;
    Json::messageStart(body, 30);
    body.event("content_block_start",
               Json::contentBlockStartData(
                   0, {{u"type"_s, u"thinking"_s}, {u"thinking"_s, QString()}, {u"signature"_s, QString()}}));
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"thinking_delta"_s}, {u"thinking"_s, u"Let me think"_s}}));
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"signature_delta"_s}, {u"signature"_s, u"EqQBCgIYAhIM"_s}}));
    Json::contentBlockStop(body, 0);
    Json::contentBlockStart(body, 1);
    Json::textDelta(body, u"It is sunny."_s, 1);
    Json::contentBlockStop(body, 1);
    body.event("content_block_start", Json::contentBlockStartData(2, {{u"type"_s, u"tool_use"_s},
                                                                      {u"id"_s, u"toolu_01"_s},
                                                                      {u"name"_s, u"get_weather"_s},
                                                                      {u"input"_s, QJsonObject()}}));
    body.event("content_block_delta",
               Json::deltaData(2, {{u"type"_s, u"input_json_delta"_s}, {u"partial_json"_s, u"{\"locati"_s}}));
    body.event("content_block_delta", Json::deltaData(2, {{u"type"_s, u"input_json_delta"_s},
                                                          {u"partial_json"_s, u"on\": \"Paris\"}"_s}}));
    Json::contentBlockStop(body, 2);
    Json::messageDelta(body, u"tool_use"_s, 70);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"It is sunny."_s);
    QCOMPARE(m_recorder->contentDeltas, QStringList{u"It is sunny."_s});
    QCOMPARE(m_stream->finishReason(), u"tool_calls"_s);
    // The thinking block is the reasoning, not the text (tst_reasoning tests it in depth).
    QCOMPARE(m_stream->reasoning(), u"Let me think"_s);
    QCOMPARE(m_stream->reasoningSignature(), u"EqQBCgIYAhIM"_s);
}

void TestAnthropicProvider::unknownEventsAndPingsAreIgnored()
{
    SseBodyBuilder body;
    Json::ping(body);
    Json::messageStart(body, 5);
    Json::ping(body);
    body.event("future_event", "{\"type\":\"future_event\",\"text\":\"WRONG\"}");
    body.keepAlive();
    body.event("ping", "not even json");
    Json::contentBlockStart(body);
    Json::textDelta(body, u"Fine"_s);
    body.event("content_block_delta",
               Json::deltaData(0, {{u"type"_s, u"citations_delta"_s},
                                   {u"citation"_s, QJsonObject{{u"cited_text"_s, u"WRONG"_s}}}}));
    Json::contentBlockStop(body);
    Json::messageDelta(body, u"end_turn"_s, 1);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Fine"_s);
    QVERIFY(m_recorder->failures.isEmpty());
}

void TestAnthropicProvider::messageStopEndsTheStreamAtOnce()
{
    // The server keeps the body open after message_stop: the client must not wait for its end.
    SseBodyBuilder body;
    begin(body, u"Hi"_s);
    Json::messageStop(body); // no message_delta: message_stop alone says the reply is whole
    scriptChat(streamHeaders().write(body.bytes()).stall());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

void TestAnthropicProvider::stopReasonWithoutMessageStopCompletes_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestAnthropicProvider::stopReasonWithoutMessageStopCompletes()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // As in Anthropic's own fixtures: message_stop has no blank line after it, so it is never
    // dispatched, and the body ends.
    SseBodyBuilder body;
    begin(body, u"Done"_s);
    Json::messageDelta(body, u"end_turn"_s, 3);
    body.raw("event: message_stop\ndata: {\"type\":\"message_stop\"}");
    scriptChat(streamHeaders(framing).write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}).completionTokens, 3);
}

void TestAnthropicProvider::endWithoutStopReasonIsInterrupted()
{
    SseBodyBuilder body;
    begin(body, u"Partial "_s);
    Json::textDelta(body, u"answ"_s);
    scriptChat(streamHeaders().write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_recorder->failure().kind, Kind::Interrupted);
    QCOMPARE(m_recorder->failure().receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestAnthropicProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    using F = ScriptedResponse::Framing;
    QTest::newRow("lf, whole") << LineEnding::Lf << F::Chunked << 0;
    QTest::newRow("lf, 1-byte writes") << LineEnding::Lf << F::Chunked << 1;
    QTest::newRow("lf, 7-byte writes") << LineEnding::Lf << F::Chunked << 7;
    QTest::newRow("crlf, 7-byte writes") << LineEnding::CrLf << F::Chunked << 7;
    QTest::newRow("cr, 3-byte writes") << LineEnding::Cr << F::Chunked << 3;
    QTest::newRow("content-length, 7-byte") << LineEnding::Lf << F::ContentLength << 7;
    QTest::newRow("until close, 5-byte") << LineEnding::CrLf << F::UntilClose << 5;
}

void TestAnthropicProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    const QStringList deltas{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s};
    scriptChat(streamHeaders(framing).write(Json::reply(deltas, u"end_turn"_s, lineEnding), writeSize));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, deltas);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{10, 3, 13, 0}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestAnthropicProvider::malformedEventsAreSkipped()
{
    SseBodyBuilder body;
    begin(body, u"A"_s);
    body.event("content_block_delta",
               "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"trunc");
    body.event("content_block_delta", "[1,2]");
    body.data("");
    Json::textDelta(body, u"B"_s);
    Json::messageDelta(body, u"end_turn"_s, 2);
    Json::messageStop(body);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
}

void TestAnthropicProvider::errorEventAfterTextKeepsTheText()
{
    m_server->setFallback(ScriptedResponse::eventStream(Json::reply({u"A retry"_s})));
    SseBodyBuilder body;
    begin(body, u"Par"_s);
    Json::errorEvent(body, u"overloaded_error"_s, u"Overloaded"_s);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, u"overloaded_error"_s);
    QCOMPARE(error.providerMessage, u"Overloaded"_s);
    QVERIFY2(error.message().contains(u"Overloaded"_s), qPrintable(error.message()));
    QCOMPARE(m_stream->text(), u"Par"_s);
    QCOMPARE(m_server->requestCount(), 1); // after the first token: never again
}

void TestAnthropicProvider::errorEventBeforeTextIsRetriedWhenTransient_data()
{
    QTest::addColumn<QByteArray>("errorData");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<QString>("providerMessage");
    QTest::addColumn<bool>("retried");
    QTest::newRow("overloaded_error") << Json::error(u"overloaded_error"_s, u"Overloaded"_s)
                                      << u"overloaded_error"_s << u"Overloaded"_s << true;
    QTest::newRow("api_error") << Json::error(u"api_error"_s, u"Internal server error"_s) << u"api_error"_s
                               << u"Internal server error"_s << true;
    QTest::newRow("invalid_request_error")
        << Json::error(u"invalid_request_error"_s, u"prompt is too long: 210000 tokens > 200000 maximum"_s)
        << u"invalid_request_error"_s << u"prompt is too long: 210000 tokens > 200000 maximum"_s << false;
    QTest::newRow("not json") << QByteArray("upstream went away") << QString() << u"upstream went away"_s
                              << false;
}

void TestAnthropicProvider::errorEventBeforeTextIsRetriedWhenTransient()
{
    QFETCH(QByteArray, errorData);
    QFETCH(QString, providerType);
    QFETCH(QString, providerMessage);
    QFETCH(bool, retried);
    // As the service sends it: HTTP 200, the stream begun, then an error event.
    SseBodyBuilder body;
    Json::messageStart(body, 12);
    Json::ping(body);
    body.event("error", errorData);
    scriptChat(ScriptedResponse::eventStream(body.bytes()));
    scriptChat(ScriptedResponse::eventStream(Json::reply({u"Second"_s, u" try"_s})));
    start(config(2));
    WAIT_FOR_DONE();
    if (retried) {
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(m_recorder->retries.size(), 1);
        QCOMPARE(m_recorder->retries.at(0).cause.kind, Kind::StreamError);
        QCOMPARE(m_recorder->retries.at(0).cause.providerType, providerType);
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->text(), u"Second try"_s);
        return;
    }
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, providerType);
    QCOMPARE(error.providerMessage, providerMessage);
}
