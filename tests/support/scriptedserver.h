// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "recordedrequest.h"
#include "scriptedresponse.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QTcpServer;
class ScriptedConnection;

// An HTTP/1.1 server on 127.0.0.1 that answers from a script, for tests that drive the real
// QNetworkAccessManager (or a real process) against OpenAI's wire format and its faults.
//
//     ScriptedServer server;
//     QVERIFY(server.listen());
//     server.enqueue("POST", "/v1/chat/completions",
//                    ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Hi"_s}).bytes(), 1));
//     … point the client at server.baseUrl() …
//     QCOMPARE(server.lastRequest().header("Authorization"), "Bearer sk-test");
//
// A request takes the first response queued for its method and path, else the first of the
// general queue, else the fallback; with none of these it gets a 500 and a warning. Every
// request is recorded. Connections are kept alive and may carry several requests.
class ScriptedServer : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    bool listen(); // on 127.0.0.1, a free port
    quint16 port() const;
    QUrl url(const QString &path = {}) const; // http://127.0.0.1:<port><path>
    QUrl baseUrl() const;                     // url("/v1")

    void enqueue(const ScriptedResponse &response);
    void enqueue(const QByteArray &method, const QByteArray &path, const ScriptedResponse &response);
    // Answers every request nothing else was queued for, as often as needed.
    void setFallback(const ScriptedResponse &response);
    void clearFallback();
    qsizetype pendingResponseCount() const;

    // Lets `count` responses past a hold() step: those waiting now, oldest first, and then the
    // next ones to reach one.
    void release(int count = 1);
    qsizetype holdingCount() const;

    QList<RecordedRequest> requests() const { return m_requests; }
    qsizetype requestCount() const { return m_requests.size(); }
    RecordedRequest lastRequest() const;
    void clearRequests() { m_requests.clear(); }
    int unscriptedRequestCount() const { return m_unscripted; }

    int connectionCount() const { return m_connectionsAccepted; } // accepted so far
    int openConnectionCount() const;
    void closeAllConnections(); // abruptly

    // A loopback port nothing listens on (it was bound a moment ago), for refused connections.
    static quint16 unusedPort();

Q_SIGNALS:
    void clientConnected(int connectionId);
    void requestReceived(const RecordedRequest &request);  // before its response is chosen
    void responseFinished(int connectionId);               // written in full (not after a drop)
    void clientDisconnected(int connectionId);             // the client closed or aborted
    void connectionClosed(int connectionId);               // closed by either side
    void wrote(int connectionId, const QByteArray &bytes); // one TCP write of a response

private:
    void acceptConnections();
    void answer(ScriptedConnection *connection, const RecordedRequest &request);
    ScriptedResponse takeResponse(const RecordedRequest &request);
    void wakeHeld();

    QTcpServer *m_server;
    QList<ScriptedResponse> m_queue;
    QHash<QByteArray, QList<ScriptedResponse>> m_routes; // "METHOD path"
    std::optional<ScriptedResponse> m_fallback;
    QList<RecordedRequest> m_requests;
    QHash<int, QPointer<ScriptedConnection>> m_connections;
    QList<QPointer<ScriptedConnection>> m_holding;
    int m_releases = 0;
    int m_connectionsAccepted = 0;
    int m_unscripted = 0;
};
