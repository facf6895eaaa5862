// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatwireformat.h"
#include "httprequestrunner.h"
#include "modellistreply.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;

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
    ProviderError errorForFinishedReply() const;
    // The one way the reply ends: with the list, with an error, or with neither (aborted).
    void end(std::optional<QStringList> ids, std::optional<ProviderError> error = std::nullopt);

    HttpRequestRunner m_runner;
    std::unique_ptr<ChatWireFormat> m_format;
    QByteArray m_body;
    bool m_finished = false;
};
