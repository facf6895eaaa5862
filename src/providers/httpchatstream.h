// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatstream.h"
#include "chatwireformat.h"
#include "httprequestrunner.h"
#include "replysizelimit.h"
#include "retrypolicy.h"
#include "sseevent.h"
#include "sseparser.h"
#include "streamresponse.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

// A ChatStream over an HTTP POST answered with Server-Sent Events, for any provider. It sends
// the request, reads the event stream as the bytes arrive, retries transient failures before
// the first token, fails after a silence of `idleTimeout` and maps transport failures to
// ProviderError. What the events and the error bodies mean is the wire format's business.
// A reply longer than `maxReplyBytes` (UTF-8; thinking, text, refusal and Anthropic's signatures
// and redacted data together) fails as TooLarge, keeping the text up to it;
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
    int attempts() const { return m_runner.attempts(); }

private:
    using Phase = StreamResponse::Phase;

    void onAttemptStarted();
    void onReadyRead();
    void readStreamChunk();
    void queueRead();
    void onFinished();
    void onIdleTimeout();
    void acceptResponseHeaders();
    void processEvents();
    void handleEvent(const SseEvent &event);
    // Shows a piece of text or refusal, as far as the size limit lets it; false when the stream
    // ended meanwhile (a handler cancelled it, or the limit was reached).
    bool show(const QString &delta, QString &into, void (ChatStream::*signal)(const QString &));
    // Whether opaque data (a signature, a redacted block) fits the size limit whole; if not, the
    // stream fails as TooLarge and it is false.
    bool fitsWhole(const QString &data);
    void failTooLarge();
    // Shows what the wire format held back at the end of the reply; false when the stream ended
    // meanwhile.
    bool releaseHeldBack();
    void attemptFailed(ProviderError error);
    // The one way a stream ends: completed, failed (with `error`) or cancelled.
    void end(State state, std::optional<ProviderError> error = std::nullopt);
    void annotate(ProviderError &error) const;
    qint64 receivedCharacters() const; // characters (code points), not UTF-16 units

    HttpRequestRunner m_runner;
    std::unique_ptr<ChatWireFormat> m_format;
    ReplySizeLimit m_sizeLimit;
    bool m_readQueued = false; // a read of what is left is queued on the event loop

    SseParser m_parser;
    QList<SseEvent> m_pendingEvents; // parsed but not yet handled
    QByteArray m_readBuffer;         // reused for every read of the body
    StreamResponse m_response;
    bool m_startedEmitted = false;
    bool m_tokenEmitted = false; // nothing is retried once a token was shown
    bool m_doneSeen = false;
    bool m_processing = false;
};
