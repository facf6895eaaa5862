// SPDX-License-Identifier: GPL-3.0-or-later
// The scripted server checked from the wire: a raw QTcpSocket reads exactly what it sends.
#include "openaijson.h"
#include "rawhttpclient.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 10000;

QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body)
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray chunkedHead(const QByteArray &contentType = "text/event-stream")
{
    return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n";
}

} // namespace

class TestScriptedServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void contentLengthResponseIsByteExact();
    void chunkedFramingIsByteExact();
    void oneChunkPerWrite();
    void wholeChunkSplitIntoSingleBytes();
    void rawWritesAndEnd();
    void dropEndsWithoutTerminator();
    void dropInContentLengthBodyTruncates();
    void stallKeepsConnectionOpenUntilClientLeaves();
    void delaySeparatesWrites();
    void holdWaitsForRelease();
    void releaseBeforeHoldPassesAtOnce();
    void delayHeaders();
    void silenceAndHangUp();
    void untilCloseFramingClosesAfterBody();
    void keepAliveAndPipelinedRequests();
    void clientAskingForCloseIsClosed();
    void severalConnections();
    void routesQueueFallbackAndUnscripted();
    void recordsRequests();
    void requestBodyInSeveralWrites();
    void requestReceivedMayScriptTheAnswer();
    void unusedPortRefuses();
    void sseBuilderFramings_data();
    void sseBuilderFramings();
    void sseBuilderComments();
    void openAiJsonShapes();
    void networkAccessManagerReadsOneByteStream();

private:
    std::unique_ptr<ScriptedServer> m_server;
};

void TestScriptedServer::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    QVERIFY(m_server->port() != 0);
}

void TestScriptedServer::cleanup()
{
    m_server.reset();
}

void TestScriptedServer::contentLengthResponseIsByteExact()
{
    m_server->enqueue(ScriptedResponse::json(200, R"({"ok":true})"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/v1/models"));
    const QByteArray expected =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
        R"({"ok":true})";
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), expected, timeout);
    QVERIFY(!client.isDisconnected()); // kept alive
}

void TestScriptedServer::chunkedFramingIsByteExact()
{
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write("hello")
                          .write("")
                          .write("0123456789abcdefX"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(),
                              chunkedHead() + "5\r\nhello\r\n11\r\n0123456789abcdefX\r\n0\r\n\r\n", timeout);
}

void TestScriptedServer::oneChunkPerWrite()
{
    QSignalSpy wrote(m_server.get(), &ScriptedServer::wrote);
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write("abcde", 2));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), chunkedHead() + "2\r\nab\r\n2\r\ncd\r\n1\r\ne\r\n0\r\n\r\n",
                              timeout);
    QStringList writes;
    for (const QList<QVariant> &arguments : std::as_const(wrote))
        writes.append(QString::fromLatin1(arguments.at(1).toByteArray()));
    QCOMPARE(writes, (QStringList{QString::fromLatin1(chunkedHead()), u"2\r\nab\r\n"_s, u"2\r\ncd\r\n"_s,
                                  u"1\r\ne\r\n"_s, u"0\r\n\r\n"_s}));
}

void TestScriptedServer::wholeChunkSplitIntoSingleBytes()
{
    QSignalSpy wrote(m_server.get(), &ScriptedServer::wrote);
    const QByteArray body = "data: one\n\ndata: two\n\n";
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write(body, 1, ScriptedResponse::Chunking::Whole));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    const QByteArray framed = "16\r\n" + body + "\r\n";
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), chunkedHead() + framed + "0\r\n\r\n", timeout);

    // Every byte of the framed chunk went out as a TCP write of its own...
    QCOMPARE(wrote.size(), 1 + framed.size() + 1);
    for (int i = 1; i <= framed.size(); ++i)
        QCOMPARE(wrote.at(i).at(1).toByteArray(), framed.mid(i - 1, 1));
    // ...and the client did not get them all at once.
    QVERIFY2(client.reads() > 2, qPrintable(u"reads: %1"_s.arg(client.reads())));
}

void TestScriptedServer::rawWritesAndEnd()
{
    // A raw write skips the chunk framing, e.g. to send a malformed chunk; end() finishes the
    // body where it stands.
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .writeRaw("5\r\nhello\r\n", 4)
                          .end()
                          .write("ignored"));
    m_server->enqueue(ScriptedResponse(200).write("abc").end().write("ignored"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/") + get("/"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(),
                              chunkedHead() + "5\r\nhello\r\n0\r\n\r\n" +
                                  "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
                              timeout);
}

void TestScriptedServer::dropEndsWithoutTerminator()
{
    QSignalSpy closed(m_server.get(), &ScriptedServer::connectionClosed);
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    QSignalSpy finished(m_server.get(), &ScriptedServer::responseFinished);
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write("abc", 1)
                          .drop()
                          .write("never"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(client.isDisconnected(), timeout);
    QCOMPARE(client.received(), chunkedHead() + "1\r\na\r\n1\r\nb\r\n1\r\nc\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, timeout);
    QCOMPARE(clientGone.size(), 0); // the server hung up, not the client
    QCOMPARE(finished.size(), 0);
    QCOMPARE(m_server->openConnectionCount(), 0);
}

void TestScriptedServer::dropInContentLengthBodyTruncates()
{
    m_server->enqueue(ScriptedResponse(200).write("0123").drop().write("456789"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(client.isDisconnected(), timeout);
    QCOMPARE(client.received(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123");
}

void TestScriptedServer::stallKeepsConnectionOpenUntilClientLeaves()
{
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    m_server->enqueue(ScriptedResponse(200)
                          .setHeader("Content-Type", "text/event-stream")
                          .setFraming(ScriptedResponse::Framing::Chunked)
                          .write("abc")
                          .stall()
                          .write("never"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), chunkedHead() + "3\r\nabc\r\n", timeout);
    // Nothing more comes and the connection stays up while the server stalls.
    QTest::qWait(300);
    QCOMPARE(client.received(), chunkedHead() + "3\r\nabc\r\n");
    QVERIFY(!client.isDisconnected());
    QCOMPARE(m_server->openConnectionCount(), 1);
    QCOMPARE(clientGone.size(), 0);

    client.socket()->abort();
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, timeout);
    QCOMPARE(clientGone.at(0).at(0).toInt(), 1);
    QCOMPARE(m_server->openConnectionCount(), 0);
}

void TestScriptedServer::delaySeparatesWrites()
{
    m_server->enqueue(ScriptedResponse(200).write("a").delay(250ms).write("b"));
    RawHttpClient client(m_server->port());
    QElapsedTimer clock;
    qint64 firstAt = -1;
    qint64 secondAt = -1;
    connect(client.socket(), &QTcpSocket::readyRead, client.socket(), [&] {
        if (firstAt < 0 && client.received().endsWith('a'))
            firstAt = clock.elapsed();
        if (secondAt < 0 && client.received().endsWith('b'))
            secondAt = clock.elapsed();
    });
    clock.start();
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(secondAt >= 0, timeout);
    QVERIFY(firstAt >= 0);
    QVERIFY2(secondAt - firstAt >= 240, qPrintable(u"%1 ms apart"_s.arg(secondAt - firstAt)));
}

void TestScriptedServer::holdWaitsForRelease()
{
    m_server->enqueue(ScriptedResponse(200).write("first").hold().write("second"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("first"), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    m_server->release();
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("firstsecond"), timeout);
    QCOMPARE(m_server->holdingCount(), 0);
}

void TestScriptedServer::releaseBeforeHoldPassesAtOnce()
{
    m_server->release();
    m_server->enqueue(ScriptedResponse(200).write("first").hold().write("second"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("firstsecond"), timeout);
}

void TestScriptedServer::delayHeaders()
{
    QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
    m_server->enqueue(ScriptedResponse::json(200, "{}").delayHeaders(200ms));
    RawHttpClient client(m_server->port());
    QElapsedTimer clock;
    clock.start();
    client.socket()->write(get("/"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, timeout);
    QVERIFY(client.received().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("{}"), timeout);
    QVERIFY(clock.elapsed() >= 190);
}

void TestScriptedServer::silenceAndHangUp()
{
    QSignalSpy clientGone(m_server.get(), &ScriptedServer::clientDisconnected);
    QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
    m_server->enqueue(ScriptedResponse::silence());
    m_server->enqueue(ScriptedResponse::hangUp());

    RawHttpClient silent(m_server->port());
    silent.socket()->write(get("/silent"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, timeout);
    RawHttpClient hungUp(m_server->port());
    hungUp.socket()->write(get("/hang-up"));
    QTRY_VERIFY_WITH_TIMEOUT(hungUp.isDisconnected(), timeout);
    QVERIFY(hungUp.received().isEmpty());

    QVERIFY(silent.received().isEmpty());
    QVERIFY(!silent.isDisconnected());
    QCOMPARE(clientGone.size(), 0);
    silent.socket()->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, timeout);
}

void TestScriptedServer::untilCloseFramingClosesAfterBody()
{
    m_server->enqueue(
        ScriptedResponse(200).setFraming(ScriptedResponse::Framing::UntilClose).write("body", 2));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/"));
    QTRY_VERIFY_WITH_TIMEOUT(client.isDisconnected(), timeout);
    QCOMPARE(client.received(), "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody");
}

void TestScriptedServer::keepAliveAndPipelinedRequests()
{
    m_server->enqueue(ScriptedResponse(200).write("one"));
    m_server->enqueue(ScriptedResponse(200).setFraming(ScriptedResponse::Framing::Chunked).write("two", 1));
    m_server->enqueue(ScriptedResponse(201).write("three"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/1") + post("/2", R"({"n":2})"));
    const QByteArray first = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none";
    const QByteArray second =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nt\r\n1\r\nw\r\n1\r\no\r\n0\r\n\r\n";
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), first + second, timeout);
    client.socket()->write(get("/3"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received(),
                              first + second + "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nthree",
                              timeout);

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(0).path(), "/1");
    QCOMPARE(requests.at(1).method, "POST");
    QCOMPARE(requests.at(1).body, R"({"n":2})");
    QCOMPARE(requests.at(2).path(), "/3");
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(requests.at(i).connectionId, 1);
        QCOMPARE(requests.at(i).indexOnConnection, i);
    }
    QCOMPARE(m_server->connectionCount(), 1);
    QVERIFY(!client.isDisconnected());
}

void TestScriptedServer::clientAskingForCloseIsClosed()
{
    m_server->enqueue(ScriptedResponse(200).write("bye"));
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/", "Connection: close\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(client.isDisconnected(), timeout);
    QVERIFY(client.received().endsWith("\r\n\r\nbye"));
}

void TestScriptedServer::severalConnections()
{
    m_server->enqueue("GET", "/a", ScriptedResponse(200).hold().write("A"));
    m_server->enqueue("GET", "/b", ScriptedResponse(200).write("B"));
    RawHttpClient a(m_server->port());
    a.socket()->write(get("/a"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    RawHttpClient b(m_server->port());
    b.socket()->write(get("/b"));
    // The second connection is answered while the first is held.
    QTRY_VERIFY_WITH_TIMEOUT(b.received().endsWith("B"), timeout);
    QVERIFY(!a.received().endsWith("A"));
    m_server->release();
    QTRY_VERIFY_WITH_TIMEOUT(a.received().endsWith("A"), timeout);
    QCOMPARE(m_server->connectionCount(), 2);
    QCOMPARE(m_server->openConnectionCount(), 2);
    QCOMPARE(m_server->requests().at(0).connectionId, 1);
    QCOMPARE(m_server->requests().at(1).connectionId, 2);
}

void TestScriptedServer::routesQueueFallbackAndUnscripted()
{
    m_server->enqueue(ScriptedResponse(200).write("queued"));
    m_server->enqueue("GET", "/v1/models", ScriptedResponse(200).write("models"));
    QCOMPARE(m_server->pendingResponseCount(), 2);
    RawHttpClient client(m_server->port());

    client.socket()->write(get("/v1/chat/completions"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("queued"), timeout);
    client.socket()->write(get("/v1/models?limit=1"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("models"), timeout);
    QCOMPARE(m_server->pendingResponseCount(), 0);

    QTest::ignoreMessage(QtWarningMsg, "ScriptedServer: nothing scripted for GET /v1/models");
    client.socket()->write(get("/v1/models"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("}}"), timeout);
    QVERIFY(client.received().contains("HTTP/1.1 500 Internal Server Error"));
    QVERIFY(client.received().contains("scripted_server_error"));
    QCOMPARE(m_server->unscriptedRequestCount(), 1);

    m_server->setFallback(ScriptedResponse(503).write("again"));
    client.socket()->write(get("/x"));
    client.socket()->write(get("/y"));
    QTRY_COMPARE_WITH_TIMEOUT(client.received().count("again"), 2, timeout);
    QCOMPARE(m_server->unscriptedRequestCount(), 1);
    QCOMPARE(m_server->requestCount(), 5);
}

void TestScriptedServer::recordsRequests()
{
    QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
    m_server->enqueue(ScriptedResponse(200));
    RawHttpClient client(m_server->port());
    const QByteArray body = R"({"model":"gpt-4o","stream":true})";
    const auto before = std::chrono::steady_clock::now();
    client.socket()->write("POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "AUTHORIZATION: Bearer sk-test\r\nX-Multi: a\r\nx-multi: b\r\n"
                           "Content-Length: " +
                           QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, timeout);
    const RecordedRequest request = received.at(0).at(0).value<RecordedRequest>();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.target, "/v1/chat/completions?x=1");
    QCOMPARE(request.path(), "/v1/chat/completions");
    QCOMPARE(request.version, "HTTP/1.1");
    QCOMPARE(request.header("authorization"), "Bearer sk-test");
    QCOMPARE(request.header("Authorization"), "Bearer sk-test");
    QCOMPARE(request.header("X-MULTI"), "a, b");
    QVERIFY(!request.hasHeader("OpenAI-Organization"));
    QCOMPARE(request.headers().value("authorization"), "Bearer sk-test");
    QCOMPARE(request.headers().value("x-multi"), "a, b");
    QCOMPARE(request.body, body);
    QCOMPARE(request.json().value(u"model"_s).toString(), u"gpt-4o"_s);
    QVERIFY(request.json().value(u"stream"_s).toBool());
    QVERIFY(request.receivedAt >= before);
    QVERIFY(request.receivedAt <= std::chrono::steady_clock::now());
    QCOMPARE(m_server->lastRequest().body, body);
}

void TestScriptedServer::requestBodyInSeveralWrites()
{
    QSignalSpy received(m_server.get(), &ScriptedServer::requestReceived);
    m_server->enqueue(ScriptedResponse(204));
    RawHttpClient client(m_server->port());
    QTRY_COMPARE_WITH_TIMEOUT(client.socket()->state(), QAbstractSocket::ConnectedState, timeout);
    const QByteArray request = post("/v1/chat/completions", R"({"messages":[]})");
    for (const char byte : request) {
        client.socket()->write(&byte, 1);
        client.socket()->flush();
        QTest::qWait(0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, timeout);
    QCOMPARE(m_server->lastRequest().body, R"({"messages":[]})");
}

void TestScriptedServer::requestReceivedMayScriptTheAnswer()
{
    connect(m_server.get(), &ScriptedServer::requestReceived, this, [this](const RecordedRequest &request) {
        m_server->enqueue(ScriptedResponse(200).write("echo " + request.path()));
    });
    RawHttpClient client(m_server->port());
    client.socket()->write(get("/hello"));
    QTRY_VERIFY_WITH_TIMEOUT(client.received().endsWith("echo /hello"), timeout);
}

void TestScriptedServer::unusedPortRefuses()
{
    const quint16 port = ScriptedServer::unusedPort();
    QVERIFY(port != 0);
    QTcpSocket socket;
    QSignalSpy errors(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, timeout);
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);
}

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

QTEST_GUILESS_MAIN(TestScriptedServer)
#include "tst_scriptedserver.moc"
