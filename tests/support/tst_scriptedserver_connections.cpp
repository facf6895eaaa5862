// SPDX-License-Identifier: GPL-3.0-or-later
// TestScriptedServer, continued: connections, routes and the requests recorded.
#include "tst_scriptedserver.h"

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
