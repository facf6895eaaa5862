// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedserver.h"

#include "scriptedconnection.h"

#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {

QByteArray routeKey(const QByteArray &method, const QByteArray &path)
{
    return method + ' ' + path;
}

} // namespace

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &ScriptedServer::acceptConnections);
}

ScriptedServer::~ScriptedServer()
{
    // Quietly: nobody should hear of connections closing while the server goes away.
    for (const QPointer<ScriptedConnection> &connection : std::as_const(m_connections)) {
        if (connection) {
            connection->disconnect(this);
            delete connection.data();
        }
    }
}

bool ScriptedServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ScriptedServer::port() const
{
    return m_server->serverPort();
}

QUrl ScriptedServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port()).arg(path));
}

QUrl ScriptedServer::baseUrl() const
{
    return url(u"/v1"_s);
}

void ScriptedServer::enqueue(const ScriptedResponse &response)
{
    m_queue.append(response);
}

void ScriptedServer::enqueue(const QByteArray &method, const QByteArray &path,
                             const ScriptedResponse &response)
{
    m_routes[routeKey(method, path)].append(response);
}

void ScriptedServer::setFallback(const ScriptedResponse &response)
{
    m_fallback = response;
}

void ScriptedServer::clearFallback()
{
    m_fallback.reset();
}

qsizetype ScriptedServer::pendingResponseCount() const
{
    qsizetype count = m_queue.size();
    for (const QList<ScriptedResponse> &route : m_routes)
        count += route.size();
    return count;
}

void ScriptedServer::release(int count)
{
    m_releases += count;
    wakeHeld();
}

qsizetype ScriptedServer::holdingCount() const
{
    return std::count_if(m_holding.cbegin(), m_holding.cend(),
                         [](const auto &connection) { return !connection.isNull(); });
}

RecordedRequest ScriptedServer::lastRequest() const
{
    return m_requests.isEmpty() ? RecordedRequest() : m_requests.constLast();
}

int ScriptedServer::openConnectionCount() const
{
    return int(std::count_if(m_connections.cbegin(), m_connections.cend(),
                             [](const auto &connection) { return !connection.isNull(); }));
}

void ScriptedServer::closeAllConnections()
{
    const auto connections = m_connections.values();
    for (const QPointer<ScriptedConnection> &connection : connections) {
        if (connection)
            connection->abort();
    }
}

quint16 ScriptedServer::unusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

void ScriptedServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        const int id = ++m_connectionsAccepted;
        auto *connection = new ScriptedConnection(socket, id, this);
        m_connections.insert(id, connection);
        connect(connection, &ScriptedConnection::requestReceived, this, &ScriptedServer::answer);
        connect(connection, &ScriptedConnection::holding, this, [this](ScriptedConnection *held) {
            m_holding.append(held);
            wakeHeld();
        });
        connect(connection, &ScriptedConnection::wrote, this, &ScriptedServer::wrote);
        connect(connection, &ScriptedConnection::responseFinished, this, &ScriptedServer::responseFinished);
        connect(connection, &ScriptedConnection::closed, this, [this](int closedId, bool byClient) {
            m_connections.remove(closedId);
            m_holding.removeIf([closedId](const auto &held) { return !held || held->id() == closedId; });
            if (byClient)
                Q_EMIT clientDisconnected(closedId);
            Q_EMIT connectionClosed(closedId);
        });
        Q_EMIT clientConnected(id);
    }
}

void ScriptedServer::answer(ScriptedConnection *connection, const RecordedRequest &request)
{
    m_requests.append(request);
    QPointer<ScriptedConnection> guard(connection);
    Q_EMIT requestReceived(request); // a test may still queue the answer here
    if (guard)
        guard->respond(takeResponse(request));
}

ScriptedResponse ScriptedServer::takeResponse(const RecordedRequest &request)
{
    const auto route = m_routes.find(routeKey(request.method, request.path()));
    if (route != m_routes.end() && !route->isEmpty())
        return route->takeFirst();
    if (!m_queue.isEmpty())
        return m_queue.takeFirst();
    if (m_fallback)
        return *m_fallback;
    ++m_unscripted;
    qWarning("ScriptedServer: nothing scripted for %s %s", request.method.constData(),
             request.target.constData());
    return ScriptedResponse::openAiError(
        500,
        u"The scripted server has no response for %1 %2"_s.arg(QString::fromUtf8(request.method),
                                                               QString::fromUtf8(request.target)),
        u"scripted_server_error"_s);
}

void ScriptedServer::wakeHeld()
{
    while (m_releases > 0 && !m_holding.isEmpty()) {
        const QPointer<ScriptedConnection> connection = m_holding.takeFirst();
        if (!connection)
            continue;
        --m_releases;
        connection->resume();
    }
}
