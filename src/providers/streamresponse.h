// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class ChatWireFormat;
class HttpRequestRunner;
class QNetworkReply;

// What came back for one attempt of a streamed request: the final status and what kind of
// body follows it, and enough of a body that is not events to say what went wrong.
class StreamResponse
{
public:
    enum class Phase {
        AwaitingHeaders, // sent; no final status yet (redirects are followed meanwhile)
        Streaming,       // a 2xx event stream: the body goes through the SSE parser
        ReadingError,    // an HTTP error status: the small body is kept for its message
        ReadingOther,    // a 2xx that is not an event stream: kept to say what it was
        Idle,            // between attempts, or finished
    };

    explicit StreamResponse(const ChatWireFormat &format);

    Phase phase() const { return m_phase; }
    const QString &requestId() const { return m_requestId; }
    bool eventSeen() const { return m_eventSeen; }

    // A new attempt was sent.
    void restart();
    // The attempt is over.
    void settle() { m_phase = Phase::Idle; }
    // Reads the final status and the headers, once they are there, into the phase.
    void acceptHeaders(const QNetworkReply &reply);
    // Keeps body bytes that may explain an error: all of an error or other body, and of an
    // event stream what came before its first event.
    void keep(QByteArrayView bytes);
    // The stream gave its first event: what came before it explains nothing.
    void markEventSeen();

    // The error for `reply`, finished without a complete reply.
    ProviderError errorForFinishedReply(const QNetworkReply &reply, const HttpRequestRunner &runner) const;

private:
    ProviderError streamEndError(const QNetworkReply &reply) const;

    const ChatWireFormat &m_format;
    Phase m_phase = Phase::Idle;
    QByteArray m_body;
    QString m_type; // ReadingOther: the media type that came instead
    QString m_requestId;
    bool m_eventSeen = false;
};
