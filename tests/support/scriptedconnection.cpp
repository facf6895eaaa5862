// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedconnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace {

constexpr qsizetype maxHeaderBytes = 1024 * 1024;

QByteArray chunkFrame(const QByteArray &bytes)
{
    return QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
}

QByteArrayList split(const QByteArray &bytes, int size)
{
    if (size <= 0 || bytes.size() <= size)
        return {bytes};
    QByteArrayList parts;
    for (qsizetype at = 0; at < bytes.size(); at += size)
        parts.append(bytes.mid(at, size));
    return parts;
}

} // namespace

ScriptedConnection::ScriptedConnection(QTcpSocket *socket, int id, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_id(id)
{
    socket->setParent(this);
    // Without this, Nagle's algorithm would hold back every small write behind the last ACK.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &ScriptedConnection::readInput);
    connect(socket, &QTcpSocket::bytesWritten, this, &ScriptedConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &ScriptedConnection::onDisconnected);
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &ScriptedConnection::readInput);
}

void ScriptedConnection::respond(const ScriptedResponse &response)
{
    if (m_state != State::Waiting)
        return;
    m_response = response;
    m_nextStep = 0;
    m_terminatorQueued = false;
    m_state = State::Playing;
    schedulePump();
}

void ScriptedConnection::resume()
{
    if (m_state != State::Holding)
        return;
    m_state = State::Playing;
    schedulePump();
}

void ScriptedConnection::abort()
{
    if (m_state == State::Closed || !m_socket)
        return;
    m_closingOurselves = true;
    m_socket->abort();
    onDisconnected(); // in case the socket did not say so itself
}

void ScriptedConnection::readInput()
{
    if (!m_socket)
        return;
    m_input += m_socket->readAll();
    parseRequests();
}

void ScriptedConnection::parseRequests()
{
    while (m_state == State::Reading) {
        // A client may send empty lines between requests (RFC 9112 §2.2).
        while (m_input.startsWith("\r\n"))
            m_input.remove(0, 2);
        const qsizetype headerEnd = m_input.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (m_input.size() > maxHeaderBytes)
                rejectRequest("431 Request Header Fields Too Large");
            return;
        }
        RecordedRequest request;
        qsizetype contentLength = 0;
        if (!parseHeaderBlock(headerEnd, request, contentLength))
            return;
        const qsizetype bodyStart = headerEnd + 4;
        if (m_input.size() - bodyStart < contentLength)
            return;
        request.body = m_input.mid(bodyStart, contentLength);
        m_input.remove(0, bodyStart + contentLength);
        request.receivedAt = std::chrono::steady_clock::now();
        request.connectionId = m_id;
        request.indexOnConnection = m_requestsSeen++;
        m_state = State::Waiting;
        Q_EMIT requestReceived(this, request);
    }
}

bool ScriptedConnection::parseHeaderBlock(qsizetype headerEnd, RecordedRequest &request,
                                          qsizetype &contentLength)
{
    QByteArrayList lines = m_input.left(headerEnd).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QByteArrayList requestLine = lines.takeFirst().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        rejectRequest("400 Bad Request");
        return false;
    }
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    request.version = requestLine.at(2);
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            rejectRequest("400 Bad Request");
            return false;
        }
        request.rawHeaders.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    if (request.hasHeader("Transfer-Encoding")) {
        // Clients send request bodies with a length; a chunked one is not worth the code here.
        rejectRequest("501 Not Implemented");
        return false;
    }
    if (request.hasHeader("Content-Length")) {
        bool ok = false;
        contentLength = request.header("Content-Length").toLongLong(&ok);
        if (!ok || contentLength < 0) {
            rejectRequest("400 Bad Request");
            return false;
        }
    }
    const QByteArray connection = request.header("Connection").toLower();
    m_keepAlive =
        request.version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close");
    return true;
}

void ScriptedConnection::rejectRequest(const QByteArray &status)
{
    qWarning("ScriptedServer: rejecting a request with %s", status.constData());
    m_state = State::Closing;
    m_closingOurselves = true;
    m_socket->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    m_socket->disconnectFromHost();
}

void ScriptedConnection::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void ScriptedConnection::pump()
{
    using Kind = ScriptedResponse::Step::Kind;
    while (m_state == State::Playing && m_socket) {
        if (!m_pendingWrites.isEmpty()) {
            if (m_socket->bytesToWrite() > 0) {
                m_waitingForDrain = true;
                return;
            }
            const QByteArray bytes = m_pendingWrites.takeFirst();
            m_socket->write(bytes);
            m_socket->flush();
            Q_EMIT wrote(m_id, bytes);
            schedulePump(); // one write per turn of the event loop
            return;
        }
        if (m_nextStep >= m_response.steps().size()) {
            if (m_response.framing() == ScriptedResponse::Framing::Chunked && !m_terminatorQueued) {
                m_terminatorQueued = true;
                m_pendingWrites.append("0\r\n\r\n");
                continue;
            }
            finishResponse();
            return;
        }
        const ScriptedResponse::Step &step = m_response.steps().at(m_nextStep++);
        switch (step.kind) {
        case Kind::Headers:
            m_pendingWrites.append(m_response.headerBytes());
            break;
        case Kind::Write:
        case Kind::RawWrite:
            m_pendingWrites.append(framedWrites(step));
            break;
        case Kind::Flood: {
            ScriptedResponse::Step write = step;
            write.kind = Kind::Write;
            m_pendingWrites.append(framedWrites(write));
            --m_nextStep; // again, once these have left
            break;
        }
        case Kind::Delay:
            m_state = State::Delaying;
            QTimer::singleShot(step.delay, Qt::PreciseTimer, this, [this] {
                if (m_state != State::Delaying)
                    return;
                m_state = State::Playing;
                pump();
            });
            return;
        case Kind::Hold:
            m_state = State::Holding;
            Q_EMIT holding(this);
            return;
        case Kind::Drop:
            if (m_socket->bytesToWrite() > 0) {
                // What was written must reach the client before the connection goes.
                --m_nextStep;
                m_waitingForDrain = true;
                return;
            }
            abort();
            return;
        case Kind::Stall:
            m_state = State::Stalled;
            return;
        case Kind::End:
            m_nextStep = m_response.steps().size();
            break;
        }
    }
}

QByteArrayList ScriptedConnection::framedWrites(const ScriptedResponse::Step &step) const
{
    using Kind = ScriptedResponse::Step::Kind;
    const bool chunked =
        step.kind == Kind::Write && m_response.framing() == ScriptedResponse::Framing::Chunked;
    if (!chunked)
        return split(step.bytes, step.writeSize);
    if (step.bytes.isEmpty())
        return {}; // an empty chunk would end the body
    if (step.chunking == ScriptedResponse::Chunking::Whole)
        return split(chunkFrame(step.bytes), step.writeSize);
    QByteArrayList writes;
    for (const QByteArray &part : split(step.bytes, step.writeSize))
        writes.append(chunkFrame(part));
    return writes;
}

void ScriptedConnection::finishResponse()
{
    Q_EMIT responseFinished(m_id);
    if (m_state != State::Playing || !m_socket)
        return;
    if (m_response.closesConnection() || !m_keepAlive) {
        m_state = State::Closing;
        m_closingOurselves = true;
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Reading;
    parseRequests();
}

void ScriptedConnection::onBytesWritten()
{
    if (m_waitingForDrain && m_socket && m_socket->bytesToWrite() == 0) {
        m_waitingForDrain = false;
        schedulePump();
    }
}

void ScriptedConnection::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    Q_EMIT closed(m_id, !m_closingOurselves);
    deleteLater();
}
