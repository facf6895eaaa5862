// SPDX-License-Identifier: GPL-3.0-or-later
// TestGeminiProvider, continued.
#include "tst_geminiprovider.h"

// --- The event stream --------------------------------------------------------------------

void TestGeminiProvider::typedEventsInOrder()
{
    // Usage comes with every chunk and is cumulative: only a change is reported.
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Rain"_s, {}, Json::usage(12, -1)));
    body.data(Json::textChunk(u" fell"_s, {}, Json::usage(12, -1)));
    body.data(Json::textChunk(u" softly.\n"_s, u"STOP"_s, Json::usage(11, 4)));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->events,
             (QStringList{u"started"_s, u"content:Rain"_s, u"usage"_s, u"content: fell"_s,
                          u"content: softly.\n"_s, u"finish:stop"_s, u"usage"_s, u"done"_s}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Rain fell softly.\n"_s);
    QCOMPARE(m_stream->model(), u"gemini-2.0-flash"_s);
    QCOMPARE(m_recorder->usages.size(), 2);
    QCOMPARE(m_recorder->usages.at(0), (TokenUsage{12, 0, 12, 0}));
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{11, 4, 15, 0}));
}

void TestGeminiProvider::finishedStreamCompletesWhenTheBodyEnds_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestGeminiProvider::finishedStreamCompletesWhenTheBodyEnds()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // Gemini sends no end marker: the last chunk has the finish reason, then the body ends.
    scriptChat(streamHeaders(framing).write(Json::reply({u"One"_s, u" two"_s}), 7));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"One two"_s);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
}

void TestGeminiProvider::finishedStreamLeftOpenCompletesAtTheIdleTimeout()
{
    // With no end marker, a server that never ends the body is only noticed by its silence;
    // the reply had its finish reason, so it is whole.
    scriptChat(streamHeaders().write(Json::reply({u"One"_s, u" two"_s})).stall());
    ProviderConfig settings = config(0);
    settings.idleTimeout = 300ms;
    start(settings);
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"One two"_s);
}

void TestGeminiProvider::endWithoutFinishReasonIsInterrupted_data()
{
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::newRow("chunked") << ScriptedResponse::Framing::Chunked;
    QTest::newRow("content-length") << ScriptedResponse::Framing::ContentLength;
    QTest::newRow("until close") << ScriptedResponse::Framing::UntilClose;
}

void TestGeminiProvider::endWithoutFinishReasonIsInterrupted()
{
    QFETCH(ScriptedResponse::Framing, framing);
    // A clean end of the body, but no chunk said the reply was complete.
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Partial "_s, {}, Json::usage(5, -1)));
    body.data(Json::textChunk(u"answ"_s, {}, Json::usage(5, -1)));
    scriptChat(streamHeaders(framing).write(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_recorder->failure().kind, Kind::Interrupted);
    QCOMPARE(m_recorder->failure().receivedCharacters, 12);
    QCOMPARE(m_stream->text(), u"Partial answ"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestGeminiProvider::finishReasonsAreMapped_data()
{
    QTest::addColumn<QString>("geminiReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("STOP") << u"STOP"_s << u"stop"_s;
    QTest::newRow("MAX_TOKENS") << u"MAX_TOKENS"_s << u"length"_s;
    QTest::newRow("MALFORMED_FUNCTION_CALL") << u"MALFORMED_FUNCTION_CALL"_s << u"malformed_function_call"_s;
    QTest::newRow("OTHER") << u"OTHER"_s << u"other"_s;
}

void TestGeminiProvider::finishReasonsAreMapped()
{
    QFETCH(QString, geminiReason);
    QFETCH(QString, finishReason);
    scriptChat(geminiStream(Json::reply({u"Some"_s, u" text"_s}, geminiReason)));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->finishReason(), finishReason);
    QCOMPARE(m_stream->text(), u"Some text"_s);
}

void TestGeminiProvider::severalPartsAndThoughts()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(
        Json::chunk(QJsonArray{QJsonObject{{u"text"_s, u"Planning the answer"_s}, {u"thought"_s, true}}}, {},
                    Json::usage(7, -1, 20)));
    body.data(Json::chunk(
        QJsonArray{
            QJsonObject{{u"text"_s, u"Two "_s}},
            QJsonObject{{u"text"_s, u"parts"_s}, {u"thoughtSignature"_s, u"c2ln"_s}},
            QJsonObject{{u"functionCall"_s, QJsonObject{{u"name"_s, u"f"_s}, {u"args"_s, QJsonObject()}}}}},
        u"STOP"_s, Json::usage(7, 2, 20)));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_stream->text(), u"Two parts"_s);
    QCOMPARE(m_recorder->contentDeltas, QStringList{u"Two parts"_s});
    QCOMPARE(m_stream->reasoning(), u"Planning the answer"_s);
    // Thoughts count as completion tokens, as OpenAI counts its reasoning.
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{7, 22, 29, 20}));
}

void TestGeminiProvider::blockedReplies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason"); // empty: completes with content_filter
    SseBodyBuilder safety(LineEnding::CrLf);
    safety.data(Json::chunk(QJsonArray(), u"SAFETY"_s, Json::usage(9, 0)));
    QTest::newRow("SAFETY, nothing said") << safety.bytes() << QString() << u"SAFETY"_s;

    SseBodyBuilder recitation(LineEnding::CrLf);
    recitation.data(Json::textChunk(u"It was the best of times"_s, {}, Json::usage(9, 6)));
    recitation.data(Json::chunk(QJsonArray(), u"RECITATION"_s, Json::usage(9, 6)));
    QTest::newRow("RECITATION after text")
        << recitation.bytes() << u"It was the best of times"_s << QString();

    SseBodyBuilder prompt(LineEnding::CrLf);
    prompt.data(
        Json::compact({{u"promptFeedback"_s, QJsonObject{{u"blockReason"_s, u"PROHIBITED_CONTENT"_s}}},
                       {u"usageMetadata"_s, Json::usage(9, -1)},
                       {u"modelVersion"_s, Json::defaultModel()}}));
    QTest::newRow("prompt blocked") << prompt.bytes() << QString() << u"PROHIBITED_CONTENT"_s;
}

void TestGeminiProvider::blockedReplies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QFETCH(QString, reason);
    scriptChat(geminiStream(body));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->text(), text);
    if (reason.isEmpty()) {
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->finishReason(), u"content_filter"_s);
        return;
    }
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, reason);
    QVERIFY2(error.message().contains(reason), qPrintable(error.message()));
    QVERIFY2(error.message().contains(u"blocked"_s) || error.message().contains(u"withheld"_s),
             qPrintable(error.message()));
}

void TestGeminiProvider::everyFraming_data()
{
    QTest::addColumn<LineEnding>("lineEnding");
    QTest::addColumn<bool>("spaceAfterColon");
    QTest::addColumn<ScriptedResponse::Framing>("framing");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<ScriptedResponse::Chunking>("chunking");
    using F = ScriptedResponse::Framing;
    const auto perWrite = ScriptedResponse::Chunking::PerWrite;
    const auto whole = ScriptedResponse::Chunking::Whole;
    QTest::newRow("crlf, whole") << LineEnding::CrLf << true << F::Chunked << 0 << perWrite;
    QTest::newRow("crlf, 1-byte chunks") << LineEnding::CrLf << true << F::Chunked << 1 << perWrite;
    QTest::newRow("crlf, 7-byte chunks") << LineEnding::CrLf << true << F::Chunked << 7 << perWrite;
    QTest::newRow("crlf, one chunk in 1-byte writes") << LineEnding::CrLf << true << F::Chunked << 1 << whole;
    QTest::newRow("crlf, content-length, 7-byte")
        << LineEnding::CrLf << true << F::ContentLength << 7 << perWrite;
    QTest::newRow("crlf, until close, 7-byte") << LineEnding::CrLf << true << F::UntilClose << 7 << perWrite;
    QTest::newRow("lf, 7-byte chunks") << LineEnding::Lf << true << F::Chunked << 7 << perWrite;
    QTest::newRow("crlf, no space after colon") << LineEnding::CrLf << false << F::Chunked << 3 << perWrite;
}

void TestGeminiProvider::everyFraming()
{
    QFETCH(LineEnding, lineEnding);
    QFETCH(bool, spaceAfterColon);
    QFETCH(ScriptedResponse::Framing, framing);
    QFETCH(int, writeSize);
    QFETCH(ScriptedResponse::Chunking, chunking);
    const QStringList deltas{u"Grü"_s, u"ße, 世界"_s, u"! 👋🏽"_s};
    SseBodyBuilder body(lineEnding);
    body.setSpaceAfterColon(spaceAfterColon);
    for (qsizetype i = 0; i < deltas.size(); ++i)
        body.data(Json::textChunk(deltas.at(i), i == deltas.size() - 1 ? u"STOP"_s : QString(),
                                  Json::usage(8, i + 1)));
    scriptChat(streamHeaders(framing).write(body.bytes(), writeSize, chunking));
    start(config());
    WAIT_FOR_DONE();
    QVERIFY2(m_recorder->failures.isEmpty(), qPrintable(m_recorder->failure().message()));
    QCOMPARE(m_stream->text(), u"Grüße, 世界! 👋🏽"_s);
    QCOMPARE(m_recorder->contentDeltas, deltas);
    QCOMPARE(m_stream->finishReason(), u"stop"_s);
    QCOMPARE(m_stream->usage().value_or(TokenUsage{}), (TokenUsage{8, 3, 11, 0}));
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
}

void TestGeminiProvider::malformedChunksAreSkipped()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"A"_s));
    body.data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"trunc");
    body.data("42");
    body.data("");
    body.data(Json::textChunk(u"B"_s, u"STOP"_s));
    scriptChat(geminiStream(body.bytes()));
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_recorder->contentDeltas, (QStringList{u"A"_s, u"B"_s}));
}

void TestGeminiProvider::errorChunk_data()
{
    QTest::addColumn<bool>("afterText");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("retried");
    QTest::newRow("503 before text") << false << 503 << u"UNAVAILABLE"_s << true;
    QTest::newRow("503 after text") << true << 503 << u"UNAVAILABLE"_s << false;
    QTest::newRow("400 before text") << false << 400 << u"INVALID_ARGUMENT"_s << false;
}

void TestGeminiProvider::errorChunk()
{
    QFETCH(bool, afterText);
    QFETCH(int, code);
    QFETCH(QString, status);
    QFETCH(bool, retried);
    const QString message = u"The model is overloaded. Please try again later."_s;
    SseBodyBuilder body(LineEnding::CrLf);
    if (afterText)
        body.data(Json::textChunk(u"Par"_s));
    body.data(Json::error(code, message, status));
    scriptChat(geminiStream(body.bytes()));
    scriptChat(geminiStream(Json::reply({u"Second"_s, u" try"_s})));
    start(config(2));
    WAIT_FOR_DONE();
    if (retried) {
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(m_recorder->retries.size(), 1);
        QCOMPARE(m_recorder->retries.at(0).cause.providerType, status);
        QCOMPARE(m_stream->state(), ChatStream::State::Completed);
        QCOMPARE(m_stream->text(), u"Second try"_s);
        return;
    }
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::StreamError);
    QCOMPARE(error.providerType, status);
    QCOMPARE(error.providerCode, QString::number(code));
    QCOMPARE(error.providerMessage, message);
    QCOMPARE(m_stream->text(), afterText ? u"Par"_s : QString());
}
