// SPDX-License-Identifier: GPL-3.0-or-later
// TestGeminiProvider, continued.
#include "tst_geminiprovider.h"

// --- HTTP errors and faults --------------------------------------------------------------

void TestGeminiProvider::httpErrorsAreTyped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("providerMessage");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<int>("attempts"); // with maxRetries 2

    const QString badKey = u"API key not valid. Please pass a valid API key."_s;
    QTest::newRow("400 API_KEY_INVALID")
        << 400 << Json::error(400, badKey, u"INVALID_ARGUMENT"_s, {Json::errorInfo(u"API_KEY_INVALID"_s)})
        << QByteArray("application/json") << Kind::Authentication << badKey << u"INVALID_ARGUMENT"_s << 1;
    const QString badArgument = u"* GenerateContentRequest.contents: contents is not specified"_s;
    QTest::newRow("400 INVALID_ARGUMENT")
        << 400 << Json::error(400, badArgument, u"INVALID_ARGUMENT"_s) << QByteArray("application/json")
        << Kind::BadRequest << badArgument << u"INVALID_ARGUMENT"_s << 1;
    const QString denied = u"Permission denied: Consumer 'api_key:…' has been suspended."_s;
    QTest::newRow("403 PERMISSION_DENIED")
        << 403 << Json::error(403, denied, u"PERMISSION_DENIED"_s) << QByteArray("application/json")
        << Kind::Authentication << denied << u"PERMISSION_DENIED"_s << 1;
    const QString notFound = u"models/custom-gemini-2.0-flash is not found for API version v1beta, or is not "
                             "supported for generateContent. Call ListModels to see the list of available "
                             "models and their supported methods."_s;
    QTest::newRow("404 in an array, labelled as a stream")
        << 404 << Json::error(404, notFound, u"NOT_FOUND"_s, {}, true) << QByteArray("text/event-stream")
        << Kind::NotFound << notFound << u"NOT_FOUND"_s << 1;
    const QString exhausted = u"Resource has been exhausted (e.g. check quota)."_s;
    QTest::newRow("429 RESOURCE_EXHAUSTED")
        << 429 << Json::error(429, exhausted, u"RESOURCE_EXHAUSTED"_s) << QByteArray("application/json")
        << Kind::RateLimited << exhausted << u"RESOURCE_EXHAUSTED"_s << 3;
    const QString internal = u"An internal error has occurred. Please retry or report in "
                             "https://developers.generativeai.google/guide/troubleshooting"_s;
    QTest::newRow("500 INTERNAL") << 500 << Json::error(500, internal, u"INTERNAL"_s)
                                  << QByteArray("application/json") << Kind::Server << internal
                                  << u"INTERNAL"_s << 3;
    const QString overloaded = u"The model is overloaded. Please try again later."_s;
    QTest::newRow("503 UNAVAILABLE") << 503 << Json::error(503, overloaded, u"UNAVAILABLE"_s)
                                     << QByteArray("application/json") << Kind::Server << overloaded
                                     << u"UNAVAILABLE"_s << 3;
}

void TestGeminiProvider::httpErrorsAreTyped()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(Kind, kind);
    QFETCH(QString, providerMessage);
    QFETCH(QString, providerType);
    QFETCH(int, attempts);
    m_server->setFallback(ScriptedResponse(status).setHeader("Content-Type", contentType).write(body));
    start(config(2));
    WAIT_FOR_DONE();
    QCOMPARE(m_server->requestCount(), attempts);
    QCOMPARE(m_recorder->retries.size(), attempts - 1);
    QCOMPARE(m_recorder->startedCount, 0);
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.providerMessage, providerMessage);
    QCOMPARE(error.providerType, providerType);
    QCOMPARE(error.providerCode, QString::number(status));
    QVERIFY2(error.message().contains(providerMessage), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
    QVERIFY(!error.hint().isEmpty());
}

void TestGeminiProvider::retryDelayFromTheBody()
{
    // Gemini says how long to wait in the body; a Retry-After header, when sent, wins.
    const QByteArray body = Json::error(429, u"You exceeded your current quota."_s, u"RESOURCE_EXHAUSTED"_s,
                                        {Json::retryInfo(u"37s"_s)});
    m_server->enqueue("POST", streamPath.toByteArray(), ScriptedResponse::json(429, body));
    m_server->enqueue("POST", streamPath.toByteArray(),
                      ScriptedResponse::json(429, body).setHeader("Retry-After", "20"));
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failure().kind, Kind::RateLimited);
    QCOMPARE(m_recorder->failure().retryAfter.value_or(0ms), 37000ms);
    QVERIFY2(m_recorder->failure().message().contains(u"retry after 37 s"_s),
             qPrintable(m_recorder->failure().message()));

    m_recorder.reset();
    start(config(0));
    WAIT_FOR_DONE();
    QCOMPARE(m_recorder->failure().retryAfter.value_or(0ms), 20000ms);
}

void TestGeminiProvider::droppedMidStreamIsInterrupted()
{
    m_server->setFallback(geminiStream(Json::reply({u"A retry"_s})));
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Hello "_s));
    body.data(Json::textChunk(u"wor"_s));
    scriptChat(
        streamHeaders().write(body.bytes(), 7).write("data: {\"candidates\": [{\"content\": {\"par").drop());
    start(config());
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Interrupted);
    QCOMPARE(error.receivedCharacters, 9);
    QCOMPARE(m_stream->text(), u"Hello wor"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestGeminiProvider::idleTimeoutMidStream()
{
    SseBodyBuilder body(LineEnding::CrLf);
    body.data(Json::textChunk(u"Hi"_s));
    scriptChat(streamHeaders().write(body.bytes()).stall());
    ProviderConfig settings = config(0);
    settings.idleTimeout = 300ms;
    start(settings);
    WAIT_FOR_DONE();
    QCOMPARE(m_stream->state(), ChatStream::State::Failed);
    const ProviderError error = m_recorder->failure();
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.idleTimeout, 300ms);
    QCOMPARE(m_stream->text(), u"Hi"_s);
}

// --- Models ------------------------------------------------------------------------------

void TestGeminiProvider::listModels()
{
    m_server->enqueue(
        "GET", "/v1beta/models",
        ScriptedResponse::json(200, Json::modelList({u"gemini-2.5-pro"_s, u"gemini-2.0-flash"_s,
                                                     u"text-embedding"_s, u"gemma-3-27b-it"_s})));
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<GeminiDialect>(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(failed.size(), 0);
    // Sorted, without "models/", and without the model that cannot chat.
    QCOMPARE(finished.at(0).at(0).toStringList(),
             (QStringList{u"gemini-2.0-flash"_s, u"gemini-2.5-pro"_s, u"gemma-3-27b-it"_s}));
    const RecordedRequest sent = m_server->lastRequest();
    QCOMPARE(sent.method, "GET");
    QCOMPARE(sent.target, "/v1beta/models?pageSize=1000");
    QCOMPARE(sent.header("x-goog-api-key"), apiKey.toUtf8());
    QVERIFY(!sent.target.contains(apiKey.toUtf8()));
}

void TestGeminiProvider::listModelsWithABadKey()
{
    const QString badKey = u"API key not valid. Please pass a valid API key."_s;
    m_server->setFallback(ScriptedResponse::json(
        400, Json::error(400, badKey, u"INVALID_ARGUMENT"_s, {Json::errorInfo(u"API_KEY_INVALID"_s)})));
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<GeminiDialect>(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy finished(reply.get(), &ModelListReply::finished);
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, doneTimeout);
    QCOMPARE(finished.size(), 0);
    const ProviderError error = failed.at(0).at(0).value<ProviderError>();
    QCOMPARE(error.kind, Kind::Authentication);
    QCOMPARE(error.providerMessage, badKey);
}

// A captive portal, say: the hint names the API the base URL should have led to.
void TestGeminiProvider::unreadableModelListNamesTheGeminiApi()
{
    m_server->setFallback(
        ScriptedResponse(200).setHeader("Content-Type", "text/html").write("<html>Log in</html>"));
    m_provider =
        std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<GeminiDialect>(), config());
    std::unique_ptr<ModelListReply> reply(m_provider->listModels());
    QSignalSpy failed(reply.get(), &ModelListReply::failed);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, doneTimeout);
    const ProviderError error = failed.at(0).value(0).value<ProviderError>();
    QCOMPARE(error.kind, Kind::InvalidResponse);
    QVERIFY2(error.hint().contains(u"Google's Gemini API"_s), qPrintable(error.hint()));
    QVERIFY2(!error.hint().contains(u"OpenAI"_s), qPrintable(error.hint()));
}
