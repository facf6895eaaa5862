// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
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

constexpr int timeout = 10000;

inline QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

inline QByteArray post(const QByteArray &path, const QByteArray &body)
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

inline QByteArray chunkedHead(const QByteArray &contentType = "text/event-stream")
{
    return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n";
}

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
