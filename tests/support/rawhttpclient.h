// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

// A bare TCP client on 127.0.0.1, for checking byte by byte what a server puts on the wire.
// Everything it receives is appended to received(); reads() counts the reads it took.
class RawHttpClient : public QObject
{
    Q_OBJECT

public:
    explicit RawHttpClient(quint16 port, QObject *parent = nullptr);

    QTcpSocket *socket() const { return m_socket; }
    const QByteArray &received() const { return m_received; }
    int reads() const { return m_reads; }
    bool isDisconnected() const { return m_disconnected; }

private:
    void readAll();

    QTcpSocket *m_socket;
    QByteArray m_received;
    int m_reads = 0;
    bool m_disconnected = false;
};
