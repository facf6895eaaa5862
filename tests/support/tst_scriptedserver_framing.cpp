// SPDX-License-Identifier: GPL-3.0-or-later
// TestScriptedServer, continued: byte-exact framing, raw writes and drops.
#include "tst_scriptedserver.h"

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
