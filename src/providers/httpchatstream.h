// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstream.h"
#include "chatwireformat.h"
#include "retrypolicy.h"
#include "sseevent.h"
#include "sseparser.h"

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
// A reply longer than `maxReplyBytes` (UTF-8) fails as TooLarge, keeping the text up to it;
// a server that floods is read a piece per turn of the event loop, so the rest of the program
// (printing, saving, Ctrl+C) keeps up with it.
class HttpChatStream : public ChatStream
{
    Q_OBJECT

public:
    // Sends the request at once. Every signal comes later, from the event loop.
    HttpChatStream(QNetworkAccessManager *network, const QNetworkRequest &request, const QByteArray &body,
                   std::unique_ptr<ChatWireFormat> format, std::chrono::milliseconds idleTimeout,
                   const RetryPolicy &retryPolicy, qint64 maxReplyBytes, QObject *parent = nullptr);
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
    void readStreamChunk();
    void queueRead();
    void onFinished();
    void onIdleTimeout();
    void acceptResponseHeaders();
    void processEvents();
    void handleEvent(const SseEvent &event);
    // The part of `delta` that fits under the size cap; sets m_capReached when it is cut.
    QString withinCap(const QString &delta);
    void failTooLarge();
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
    qint64 m_maxReplyBytes;
    qint64 m_replyBytes = 0; // UTF-8 bytes of text and refusal so far
    bool m_capReached = false;
    bool m_readQueued = false; // a read of what is left is queued on the event loop

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
