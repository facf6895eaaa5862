// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"
#include "retrypolicy.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

// The attempt, retry and teardown path that every provider request shares (HttpChatStream,
// HttpModelListReply): it checks where the request may go, sends it (again, when a failure
// may be retried), passes on what the reply says, times out a silent server, and lets go of
// the reply. What the response means is its owner's business.
class HttpRequestRunner : public QObject
{
    Q_OBJECT

public:
    enum class Method { Get, Post };

    // Nothing is sent before start().
    HttpRequestRunner(QNetworkAccessManager *network, const QNetworkRequest &request, Method method,
                      const QByteArray &body, std::chrono::milliseconds idleTimeout,
                      const RetryPolicy &retryPolicy = noRetries(), QObject *parent = nullptr);
    ~HttpRequestRunner() override;

    // A policy that never retries.
    static RetryPolicy noRetries();

    // Sends the first attempt, or reports refused() from the event loop (the caller connects to
    // our signals after its constructor returns) when the request may not leave.
    void start();

    QNetworkReply *reply() const { return m_reply; }
    const QNetworkRequest &request() const { return m_request; }
    int attempts() const { return m_attempts; }
    std::chrono::milliseconds idleTimeout() const { return m_idleTimeout; }
    void restartIdleTimer();
    // How much of the body may wait unread (0: no limit), for every attempt's reply.
    void setReadBufferSize(qint64 bytes) { m_readBufferSize = bytes; }

    // Ends this attempt. When the policy allows another, it is sent after the delay returned.
    std::optional<std::chrono::milliseconds> retryAfter(const ProviderError &error);
    // Ends everything at once: timers stopped, the reply aborted.
    void stop();
    // Ends everything, but lets a reply that has said all it will finish on its own, so that
    // its connection returns to the pool; one that lingers is cut off after a grace period.
    void release();

    // The error for a reply that finished without an HTTP response to read: a redirect that
    // could not be followed, a connection closed without an answer, a failure below HTTP.
    ProviderError errorWithoutResponse() const;
    // The error for a server silent longer than the idle timeout.
    ProviderError timeoutError() const;

Q_SIGNALS:
    void attemptStarted(); // the reply of a new attempt exists; per-attempt state starts afresh
    void metaDataChanged();
    void readyRead();
    void finished();
    void idleTimedOut();
    void refused(const ProviderError &error); // the request or a redirect may not go there

private:
    void send();
    void applyReadBufferSize();
    void dropReply();

    QNetworkAccessManager *m_network;
    QNetworkRequest m_request;
    Method m_method;
    QByteArray m_body;
    std::chrono::milliseconds m_idleTimeout;
    RetryPolicy m_retryPolicy;
    QPointer<QNetworkReply> m_reply;
    QTimer m_idleTimer;
    QTimer m_retryTimer;
    QString m_tlsErrors;
    int m_attempts = 0;
    qint64 m_readBufferSize = 0;
};
