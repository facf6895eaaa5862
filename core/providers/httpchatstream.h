// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstream.h"
#include "chatwireformat.h"
#include "retrypolicy.h"
#include "sse/sseevent.h"
#include "sse/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// A ChatStream over an HTTP POST answered with Server-Sent Events, for any provider. It sends
// the request, reads the event stream as the bytes arrive, retries transient failures before
// the first token, fails after a silence of `idleTimeout` and maps transport failures to
// ProviderError. What the events and the error bodies mean is the wire format's business.
class HttpChatStream : public ChatStream
{
    Q_OBJECT

public:
    // Sends the request at once. Every signal comes later, from the event loop.
    HttpChatStream(QNetworkAccessManager *network, const QNetworkRequest &request, const QByteArray &body,
                   std::unique_ptr<ChatWireFormat> format, std::chrono::milliseconds idleTimeout,
                   const RetryPolicy &retryPolicy, QObject *parent = nullptr);
    ~HttpChatStream() override;

    void cancel() override;

    // How many times the request has been sent so far.
    int attempts() const { return m_attempts; }

private:
    enum class Phase {
        AwaitingHeaders, // sent; no final status yet (redirects are followed meanwhile)
        Streaming,       // a 2xx event stream: the body goes through the SSE parser
        ReadingError,    // an HTTP error status: the small body is kept for its message
        ReadingOther,    // a 2xx that is not an event stream: kept to say what it was
        Idle,            // between attempts, or finished
    };

    void send();
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished();
    void onIdleTimeout();
    void acceptResponseHeaders();
    void processEvents();
    void handleEvent(const SseEvent &event);
    ProviderError errorForFinishedReply(QNetworkReply *reply) const;
    void attemptFailed(ProviderError error);
    void fail(ProviderError error);
    void complete();
    void releaseReply();
    void dropReply();
    void restartIdleTimer();
    qint64 receivedCharacters() const; // characters (code points), not UTF-16 units

    QNetworkAccessManager *m_network;
    QNetworkRequest m_request;
    QByteArray m_body;
    std::unique_ptr<ChatWireFormat> m_format;
    std::chrono::milliseconds m_idleTimeout;
    RetryPolicy m_retryPolicy;

    QPointer<QNetworkReply> m_reply;
    QTimer m_idleTimer;
    QTimer m_retryTimer;
    SseParser m_parser;
    QList<SseEvent> m_pendingEvents; // parsed but not yet handled
    QByteArray m_readBuffer;         // reused for every read of the body
    QByteArray m_responseBody;       // ReadingError and ReadingOther; Streaming until the first event
    QString m_responseType;          // ReadingOther: the media type that came instead
    QString m_requestId;
    QString m_tlsErrors;
    Phase m_phase = Phase::Idle;
    int m_attempts = 0;
    bool m_startedEmitted = false;
    bool m_tokenEmitted = false; // nothing is retried once a token was shown
    bool m_doneSeen = false;
    bool m_eventSeen = false; // the SSE parser dispatched at least one event in this attempt
    bool m_processing = false;
};
