// SPDX-License-Identifier: GPL-3.0-or-later
// TestScriptedServer, continued: stalls, delays, holds and silence.
#include "tst_scriptedserver.h"

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
