// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "recordedrequest.h"
#include "scriptedresponse.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QObject>
#include <QPointer>

class QTcpSocket;

// One accepted TCP connection of the scripted server: it reads HTTP/1.1 requests one after
// the other (keep-alive and pipelining), reports each, and plays the response it is given step
// by step. Every TCP write waits until the previous one has left and the event loop has run,
// so the client sees each write on its own. It deletes itself once the connection is closed.
class ScriptedConnection : public QObject
{
    Q_OBJECT

public:
    ScriptedConnection(QTcpSocket *socket, int id, QObject *parent = nullptr);

    int id() const { return m_id; }

    // Plays `response` to the request last reported by requestReceived().
    void respond(const ScriptedResponse &response);
    // Goes on after a hold step.
    void resume();
    // Closes the connection at once.
    void abort();

Q_SIGNALS:
    void requestReceived(ScriptedConnection *connection, const RecordedRequest &request);
    void holding(ScriptedConnection *connection);
    void wrote(int connectionId, const QByteArray &bytes); // one TCP write
    void responseFinished(int connectionId);
    void closed(int connectionId, bool byClient);

private:
    enum class State { Reading, Waiting, Playing, Delaying, Holding, Stalled, Closing, Closed };

    void readInput();
    void parseRequests();
    bool parseHeaderBlock(qsizetype headerEnd, RecordedRequest &request, qsizetype &contentLength);
    void rejectRequest(const QByteArray &status);
    void schedulePump();
    void pump();
    QByteArrayList framedWrites(const ScriptedResponse::Step &step) const;
    void finishResponse();
    void onBytesWritten();
    void onDisconnected();

    QPointer<QTcpSocket> m_socket;
    int m_id;
    int m_requestsSeen = 0;
    State m_state = State::Reading;
    QByteArray m_input;
    bool m_keepAlive = true; // what the current request asked for
    ScriptedResponse m_response;
    qsizetype m_nextStep = 0;
    QByteArrayList m_pendingWrites;
    bool m_pumpScheduled = false;
    bool m_terminatorQueued = false;
    bool m_waitingForDrain = false;
    bool m_closingOurselves = false;
};
