// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatwireformat.h"
#include "modellistreply.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// A ModelListReply over an HTTP GET, for any provider: the wire format reads the list and the
// error bodies; failures map as for a chat stream. Nothing is retried: the user asked and is
// waiting to hear.
class HttpModelListReply : public ModelListReply
{
    Q_OBJECT

public:
    // Sends the request at once. The answer comes later, from the event loop.
    HttpModelListReply(QNetworkAccessManager *network, const QNetworkRequest &request,
                       std::unique_ptr<ChatWireFormat> format, std::chrono::milliseconds idleTimeout,
                       QObject *parent = nullptr);
    ~HttpModelListReply() override;

    // Stops the request; neither finished nor failed follows.
    void abort() override;

    bool isFinished() const { return m_finished; }

private:
    void onReadyRead();
    void onFinished();
    void onIdleTimeout();
    ProviderError errorFor(QNetworkReply *reply) const;
    void fail(ProviderError error);
    void dropReply();
    void restartIdleTimer();

    QNetworkRequest m_request;
    std::unique_ptr<ChatWireFormat> m_format;
    std::chrono::milliseconds m_idleTimeout;
    QPointer<QNetworkReply> m_reply;
    QTimer m_idleTimer;
    QByteArray m_body;
    QString m_tlsErrors;
    bool m_finished = false;
};
