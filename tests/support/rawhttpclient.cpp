// SPDX-License-Identifier: GPL-3.0-or-later
#include "rawhttpclient.h"

#include <QTcpSocket>

RawHttpClient::RawHttpClient(quint16 port, QObject *parent)
    : QObject(parent)
    , m_socket(new QTcpSocket(this))
{
    connect(m_socket, &QTcpSocket::readyRead, this, &RawHttpClient::readAll);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        readAll();
        m_disconnected = true;
    });
    m_socket->connectToHost(QHostAddress::LocalHost, port);
}

void RawHttpClient::readAll()
{
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    m_received += bytes;
    ++m_reads;
}
