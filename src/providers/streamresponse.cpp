// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamresponse.h"

#include "chatwireformat.h"
#include "httprequestrunner.h"
#include "httptransport.h"
#include "providerslogging.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace {

// An error body or a stray JSON answer is a few hundred bytes; a server that sends more than
// this instead of a stream is not saying anything we would show.
constexpr qsizetype MaxResponseBody = 1024 * 1024;

// The media type without parameters, lower case: "text/event-stream; charset=utf-8" → "text/event-stream".
QString mediaType(const QNetworkReply &reply)
{
    const QString header = QString::fromLatin1(reply.rawHeader(QByteArrayLiteral("content-type")));
    return header.section(u';', 0, 0).trimmed().toLower();
}

// Media types that are certainly not an event stream. Anything else, even a missing or wrong
// Content-Type, is read as one: some compatible servers label their streams carelessly.
bool isCertainlyNotAStream(const QString &type)
{
    return type == "application/json"_L1 || type.endsWith("+json"_L1) || type == "text/html"_L1 ||
           type == "application/xml"_L1 || type == "text/xml"_L1 || type.endsWith("+xml"_L1);
}

int httpStatus(const QNetworkReply &reply)
{
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

StreamResponse::StreamResponse(const ChatWireFormat &format)
    : m_format(format)
{}

void StreamResponse::restart()
{
    m_phase = Phase::AwaitingHeaders;
    m_body.clear();
    m_type.clear();
    m_requestId.clear();
    m_eventSeen = false;
}

void StreamResponse::acceptHeaders(const QNetworkReply &reply)
{
    if (m_phase != Phase::AwaitingHeaders)
        return;
    const QVariant statusAttribute = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return;
    const int status = statusAttribute.toInt();
    if (status >= 300 && status < 400)
        return; // being redirected; a redirect that is not followed is reported when it finishes

    m_requestId = HttpTransport::requestId(reply, m_format.requestIdHeader());

    if (status < 200 || status >= 300) {
        m_phase = Phase::ReadingError;
        qCInfo(lcNet) << "HTTP" << status;
        if (!m_requestId.isEmpty()) // a header's value: debug only, like every header
            qCDebug(lcNet).noquote() << "request id" << m_requestId;
        return;
    }

    const QString type = mediaType(reply);
    if (isCertainlyNotAStream(type)) {
        m_phase = Phase::ReadingOther;
        m_type = type;
        qCWarning(lcNet).noquote() << "HTTP" << status << "with" << type << "instead of an event stream";
        return;
    }
    if (type != "text/event-stream"_L1)
        qCDebug(lcNet).noquote() << "reading a" << (type.isEmpty() ? u"unlabelled"_s : type)
                                 << "response as an event stream";
    m_phase = Phase::Streaming;
}

void StreamResponse::keep(QByteArrayView bytes)
{
    if (m_eventSeen)
        return;
    const qsizetype room = MaxResponseBody - m_body.size();
    if (room > 0)
        m_body.append(bytes.first(qMin(room, bytes.size())));
}

void StreamResponse::markEventSeen()
{
    if (m_eventSeen)
        return;
    m_eventSeen = true;
    m_body.clear();
}

ProviderError StreamResponse::errorForFinishedReply(const QNetworkReply &reply,
                                                    const HttpRequestRunner &runner) const
{
    ProviderError error;
    switch (m_phase) {
    case Phase::ReadingError:
        // A connection that broke while the error body arrived still leaves the status to go by.
        error = m_format.errorFromHttpResponse(httpStatus(reply), m_body);
        break;
    case Phase::ReadingOther:
        error = m_format.errorFromHttpResponse(httpStatus(reply), m_body);
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = m_type.contains("json"_L1)
                           ? u"the server sent a JSON document instead of an event stream"_s
                           : u"the server sent %1 instead of an event stream"_s.arg(m_type);
        break;
    case Phase::Streaming:
        error = streamEndError(reply);
        break;
    case Phase::AwaitingHeaders:
    case Phase::Idle:
        error = runner.errorWithoutResponse();
        break;
    }
    HttpTransport::applyResponseHeaders(error, reply, m_format.requestIdHeader());
    return error;
}

// The error for an event stream that ended before its finish reason.
ProviderError StreamResponse::streamEndError(const QNetworkReply &reply) const
{
    ProviderError error;
    if (!m_eventSeen && !m_body.trimmed().isEmpty()) {
        // Bytes came, but not one event: a server that labels a plain answer as a stream.
        error = m_format.errorFromHttpResponse(httpStatus(reply), m_body);
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = u"the server's reply is not an event stream"_s;
        return error;
    }
    const QNetworkReply::NetworkError code = reply.error();
    error.kind = ProviderError::Kind::Interrupted;
    error.detail = code == QNetworkReply::NoError
                       ? u"the server ended the stream before the reply was complete"_s
                       : HttpTransport::describeNetworkError(code);
    return error;
}
