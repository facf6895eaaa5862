// SPDX-License-Identifier: GPL-3.0-or-later
// TestScriptedServer, continued: the SSE body builder, the OpenAI JSON shapes and a real network client.
#include "tst_scriptedserver.h"

void TestScriptedServer::sseBuilderFramings_data()
{
    QTest::addColumn<SseBodyBuilder::LineEnding>("lineEnding");
    QTest::addColumn<QByteArray>("newline");
    QTest::newRow("lf") << SseBodyBuilder::LineEnding::Lf << QByteArray("\n");
    QTest::newRow("crlf") << SseBodyBuilder::LineEnding::CrLf << QByteArray("\r\n");
    QTest::newRow("cr") << SseBodyBuilder::LineEnding::Cr << QByteArray("\r");
}

void TestScriptedServer::sseBuilderFramings()
{
    QFETCH(SseBodyBuilder::LineEnding, lineEnding);
    QFETCH(QByteArray, newline);
    const QByteArray &n = newline;

    QCOMPARE(SseBodyBuilder::fromData({"a", "b"}, lineEnding), "data: a" + n + n + "data: b" + n + n);

    const QByteArray built = SseBodyBuilder(lineEnding)
                                 .event("ping", "x")
                                 .data("line1\nline2")
                                 .keepAlive()
                                 .comment("note")
                                 .field("id", "7")
                                 .data("{}")
                                 .setSpaceAfterColon(false)
                                 .data("tight")
                                 .done()
                                 .bytes();
    QCOMPARE(built, "event: ping" + n + "data: x" + n + n + "data: line1" + n + "data: line2" + n + n +
                        ": keep-alive" + n + n + ": note" + n + "id: 7" + n + "data: {}" + n + n +
                        "data:tight" + n + n + "data:[DONE]" + n + n);
}

void TestScriptedServer::sseBuilderComments()
{
    const QByteArray built = SseBodyBuilder().comment({}).raw("data: raw\n\n").bytes();
    QCOMPARE(built, ":\ndata: raw\n\n");

    const QByteArray reply = SseBodyBuilder().reply({u"Hel"_s, u"lo"_s}).bytes();
    QList<QByteArray> payloads;
    for (const QByteArray &line : reply.split('\n')) {
        if (line.startsWith("data: "))
            payloads.append(line.mid(6));
    }
    QCOMPARE(payloads.size(), 6); // role, 2 deltas, finish, usage, [DONE]
    QCOMPARE(payloads.at(0), OpenAiJson::roleChunk());
    QCOMPARE(payloads.at(1), OpenAiJson::contentChunk(u"Hel"_s));
    QCOMPARE(payloads.at(2), OpenAiJson::contentChunk(u"lo"_s));
    QCOMPARE(payloads.at(3), OpenAiJson::finishChunk(u"stop"_s));
    QCOMPARE(payloads.at(5), "[DONE]");
}

void TestScriptedServer::openAiJsonShapes()
{
    const auto parse = [](const QByteArray &json) {
        return QJsonDocument::fromJson(json).object();
    };

    const QJsonObject content = parse(OpenAiJson::contentChunk(u"héllo"_s, 1));
    QCOMPARE(content.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
    QCOMPARE(content.value(u"model"_s).toString(), OpenAiJson::defaultModel());
    const QJsonObject choice = content.value(u"choices"_s).toArray().at(0).toObject();
    QCOMPARE(choice.value(u"index"_s).toInt(), 1);
    QCOMPARE(choice.value(u"delta"_s).toObject().value(u"content"_s).toString(), u"héllo"_s);
    QVERIFY(choice.value(u"finish_reason"_s).isNull());

    const QJsonObject refusal = parse(OpenAiJson::refusalChunk(u"No."_s));
    QCOMPARE(refusal.value(u"choices"_s)[0][u"delta"_s][u"refusal"_s].toString(), u"No."_s);

    const QJsonObject finish = parse(OpenAiJson::finishChunk(u"length"_s));
    QCOMPARE(finish.value(u"choices"_s)[0][u"finish_reason"_s].toString(), u"length"_s);

    const QJsonObject usage = parse(OpenAiJson::usageChunk(10, 5, 3));
    QVERIFY(usage.value(u"choices"_s).isArray());
    QVERIFY(usage.value(u"choices"_s).toArray().isEmpty());
    QCOMPARE(usage.value(u"usage"_s)[u"total_tokens"_s].toInt(), 15);
    QCOMPARE(usage.value(u"usage"_s)[u"completion_tokens_details"_s][u"reasoning_tokens"_s].toInt(), 3);
    QVERIFY(
        parse(OpenAiJson::usageChunk(1, 1, -1, OpenAiJson::EmptyChoices::Null)).value(u"choices"_s).isNull());
    QVERIFY(
        !parse(OpenAiJson::usageChunk(1, 1, -1, OpenAiJson::EmptyChoices::Absent)).contains(u"choices"_s));

    const QJsonObject error =
        parse(OpenAiJson::error(u"Bad key"_s, u"invalid_request_error"_s, u"invalid_api_key"_s))
            .value(u"error"_s)
            .toObject();
    QCOMPARE(error.value(u"message"_s).toString(), u"Bad key"_s);
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QCOMPARE(error.value(u"code"_s).toString(), u"invalid_api_key"_s);
    QVERIFY(error.value(u"param"_s).isNull());
    QCOMPARE(parse(OpenAiJson::errorString(u"boom"_s)).value(u"error"_s).toString(), u"boom"_s);

    const QJsonObject models = parse(OpenAiJson::modelList({u"b"_s, u"a"_s}));
    QCOMPARE(models.value(u"object"_s).toString(), u"list"_s);
    QCOMPARE(models.value(u"data"_s)[1][u"id"_s].toString(), u"a"_s);

    const ScriptedResponse response =
        ScriptedResponse::openAiError(429, u"Slow down"_s, u"requests"_s, u"rate_limit_exceeded"_s)
            .setHeader("Retry-After", "2");
    QCOMPARE(response.status(), 429);
    QCOMPARE(response.reason(), "Too Many Requests");
    QCOMPARE(response.header("retry-after"), "2");
    QCOMPARE(response.header("Content-Type"), "application/json");
    QCOMPARE(parse(response.body()).value(u"error"_s)[u"code"_s].toString(), u"rate_limit_exceeded"_s);
}

void TestScriptedServer::networkAccessManagerReadsOneByteStream()
{
    const QByteArray body =
        SseBodyBuilder(SseBodyBuilder::LineEnding::CrLf).reply({u"Hi"_s, u" 👋"_s}).bytes();
    // The second half waits until the client has read some of the first, so the stream cannot
    // arrive in one read however the machine schedules the two processes.
    const qsizetype half = body.size() / 2;
    m_server->enqueue("POST", "/v1/chat/completions",
                      ScriptedResponse::eventStream(body.first(half), 1).hold().write(body.sliced(half), 1));
    QNetworkAccessManager network;
    QNetworkRequest request(m_server->url(u"/v1/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer sk-test");
    std::unique_ptr<QNetworkReply> reply(network.post(request, R"({"stream":true})"));
    QByteArray received;
    int reads = 0;
    connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&] {
        received += reply->readAll();
        ++reads;
    });
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), timeout);
    m_server->release();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), timeout);
    received += reply->readAll();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(),
             "text/event-stream; charset=utf-8");
    QCOMPARE(received, body);
    QVERIFY2(reads > 1, qPrintable(u"reads: %1"_s.arg(reads)));
    QCOMPARE(m_server->lastRequest().header("Authorization"), "Bearer sk-test");
    QCOMPARE(m_server->lastRequest().body, R"({"stream":true})");
}
