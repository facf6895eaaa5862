// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpchatstream.h"

#include "chatstreamevent.h"
#include "credentialpolicy.h"
#include "httptransport.h"
#include "providerslogging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

// An error body or a stray JSON answer is a few hundred bytes; a server that sends more than
// this instead of a stream is not saying anything we would show.
constexpr qsizetype MaxResponseBody = 1024 * 1024;

// How long a reply that is complete may take to end its body before its connection is closed.
constexpr milliseconds ReleaseGracePeriod{2000};

// How much of the body is read at a time into the reused buffer.
constexpr qsizetype ReadChunk = 64 * 1024;

// How much of the body may wait unread: a server that sends faster than its events are handled
// is then held back by TCP instead of filling the memory.
constexpr qint64 MaxUnreadBody = 4 * 1024 * 1024;

void appendCapped(QByteArray &buffer, QByteArrayView bytes)
{
    const qsizetype room = MaxResponseBody - buffer.size();
    if (room > 0)
        buffer.append(bytes.first(qMin(room, bytes.size())));
}

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

// The bytes `text` takes in UTF-8; a lone surrogate is written as U+FFFD, three bytes.
qint64 utf8Size(QStringView text)
{
    qint64 size = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80)
            size += 1;
        else if (c < 0x800)
            size += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            size += 4;
            ++i;
        } else
            size += 3;
    }
    return size;
}

// How many UTF-16 units of `text` fit in `room` UTF-8 bytes, never splitting a surrogate pair.
qsizetype unitsFitting(QStringView text, qint64 room)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const bool pair = text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate();
        const qsizetype units = pair ? 2 : 1;
        const qint64 bytes = utf8Size(text.sliced(i, units));
        if (bytes > room)
            break;
        room -= bytes;
        i += units;
    }
    return i;
}

// Characters as a user counts them: a surrogate pair (an emoji, say) is one.
qint64 codePoints(const QString &text)
{
    qint64 count = text.size();
    for (const QChar c : text)
        count -= c.isLowSurrogate() ? 1 : 0;
    return count;
}

} // namespace

HttpChatStream::HttpChatStream(QNetworkAccessManager *network, const QNetworkRequest &request,
                               const QByteArray &body, std::unique_ptr<ChatWireFormat> format,
                               milliseconds idleTimeout, const RetryPolicy &retryPolicy, qint64 maxReplyBytes,
                               QObject *parent)
    : ChatStream(parent)
    , m_network(network)
    , m_request(request)
    , m_body(body)
    , m_format(std::move(format))
    , m_idleTimeout(idleTimeout)
    , m_retryPolicy(retryPolicy)
    , m_maxReplyBytes(maxReplyBytes)
    , m_parser([this](const SseEvent &event) { m_pendingEvents.append(event); })
{
    Q_ASSERT(m_network);
    Q_ASSERT(m_format);
    m_idleTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a server that asked for a wait gets all of it.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpChatStream::onIdleTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpChatStream::send);

    // The caller connects to our signals after we return, so even this failure waits a turn.
    if (const auto invalid = CredentialPolicy::checkRequest(m_request)) {
        QMetaObject::invokeMethod(
            this, [this, error = *invalid] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    send();
}

HttpChatStream::~HttpChatStream()
{
    dropReply();
}

qint64 HttpChatStream::receivedCharacters() const
{
    return codePoints(m_text) + codePoints(m_refusal);
}

void HttpChatStream::cancel()
{
    if (!isActive())
        return;
    m_idleTimer.stop();
    m_retryTimer.stop();
    dropReply();
    m_phase = Phase::Idle;
    m_state = State::Cancelled;
    qCInfo(lcNet) << "stream cancelled after" << receivedCharacters() << "characters";
    Q_EMIT done();
}

void HttpChatStream::send()
{
    if (!isActive())
        return;
    ++m_attempts;
    m_phase = Phase::AwaitingHeaders;
    m_parser.reset();
    m_pendingEvents.clear();
    m_format->reset();
    m_responseBody.clear();
    m_responseType.clear();
    m_requestId.clear();
    m_tlsErrors.clear();
    m_doneSeen = false;
    m_eventSeen = false;
    // Only an attempt that showed no token is ever repeated, so nothing visible is lost here.
    m_finishReason.clear();
    m_model.clear();
    m_usage.reset();
    m_replyBytes = 0;
    m_capReached = false;

    qCInfo(lcNet).noquote() << "POST" << HttpTransport::displayUrl(m_request.url()) << "attempt"
                            << m_attempts;
    m_reply = m_network->post(m_request, m_body);
    CredentialPolicy::guardRedirects(m_reply, this, [this](const ProviderError &error) { fail(error); });
    m_reply->setReadBufferSize(MaxUnreadBody);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpChatStream::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpChatStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpChatStream::onFinished);
    connect(m_reply, &QNetworkReply::uploadProgress, this, &HttpChatStream::restartIdleTimer);
#if QT_CONFIG(ssl)
    // Only collected to say what was wrong: the errors are never ignored.
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_tlsErrors = HttpTransport::describeSslErrors(errors);
    });
#endif
    restartIdleTimer();
}

void HttpChatStream::restartIdleTimer()
{
    if (m_idleTimeout.count() > 0)
        m_idleTimer.start(m_idleTimeout);
}

void HttpChatStream::onMetaDataChanged()
{
    restartIdleTimer();
    acceptResponseHeaders();
}

void HttpChatStream::acceptResponseHeaders()
{
    if (m_phase != Phase::AwaitingHeaders || !m_reply)
        return;
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return;
    const int status = statusAttribute.toInt();
    if (status >= 300 && status < 400)
        return; // being redirected; a redirect that is not followed is reported when it finishes

    m_requestId = HttpTransport::requestId(*m_reply, m_format->requestIdHeader());

    if (status < 200 || status >= 300) {
        m_phase = Phase::ReadingError;
        qCInfo(lcNet) << "HTTP" << status;
        if (!m_requestId.isEmpty()) // a header's value: debug only, like every header
            qCDebug(lcNet).noquote() << "request id" << m_requestId;
        return;
    }

    const QString type = mediaType(*m_reply);
    if (isCertainlyNotAStream(type)) {
        m_phase = Phase::ReadingOther;
        m_responseType = type;
        qCWarning(lcNet).noquote() << "HTTP" << status << "with" << type << "instead of an event stream";
        return;
    }
    if (type != "text/event-stream"_L1)
        qCDebug(lcNet).noquote() << "reading a" << (type.isEmpty() ? u"unlabelled"_s : type)
                                 << "response as an event stream";

    m_phase = Phase::Streaming;
    m_state = State::Streaming;
    // Again now: Qt's network thread may have dropped the limit set before its reply existed.
    // Without it, that thread reads a flood without pause, and an abort waits for it.
    m_reply->setReadBufferSize(MaxUnreadBody);
    if (!m_startedEmitted) {
        m_startedEmitted = true;
        Q_EMIT started();
    }
}

void HttpChatStream::onReadyRead()
{
    if (!m_reply)
        return;
    restartIdleTimer();
    acceptResponseHeaders();
    if (!m_reply) // cancelled from a started() handler
        return;

    switch (m_phase) {
    case Phase::Streaming:
        readStreamChunk();
        // A server may send faster than the events are handled: then read() never runs dry,
        // and reading on until it does would starve the event loop (no output, no Ctrl+C, no
        // saving) for as long as the server keeps it up. One chunk per turn; the rest is next.
        if (m_reply && isActive() && m_phase == Phase::Streaming && m_reply->bytesAvailable() > 0)
            queueRead();
        break;
    case Phase::ReadingError:
    case Phase::ReadingOther:
        appendCapped(m_responseBody, m_reply->readAll());
        break;
    case Phase::AwaitingHeaders:
    case Phase::Idle:
        m_reply->readAll(); // the body of a redirect: of no use
        break;
    }
}

void HttpChatStream::readStreamChunk()
{
    // One buffer serves every read: a long reply arrives in thousands of reads, and a fresh
    // allocation for each showed up in profiles as page faults.
    if (m_readBuffer.size() != ReadChunk)
        m_readBuffer.resize(ReadChunk);
    const qint64 n = m_reply->read(m_readBuffer.data(), ReadChunk);
    if (n <= 0)
        return;
    const QByteArrayView bytes(m_readBuffer.constData(), n);
    // Kept until the first event, to say what came instead if none ever does.
    if (!m_eventSeen)
        appendCapped(m_responseBody, bytes);
    m_parser.feed(bytes);
    processEvents();
    if (!m_reply || !isActive() || m_phase != Phase::Streaming)
        return;
    if (m_parser.overflowed()) {
        ProviderError error;
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = u"the server sent an event too large to read"_s;
        attemptFailed(error);
    }
}

void HttpChatStream::queueRead()
{
    if (m_readQueued)
        return;
    m_readQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_readQueued = false;
            onReadyRead();
        },
        Qt::QueuedConnection);
}

// Handlers of our signals may cancel us, or even spin a nested event loop that delivers more
// bytes: events are queued, handled in order, and handling stops as soon as we are finished.
void HttpChatStream::processEvents()
{
    if (m_processing)
        return; // the outer call picks up what was just queued
    if (!m_pendingEvents.isEmpty() && !m_eventSeen) {
        m_eventSeen = true;
        m_responseBody.clear();
    }
    m_processing = true;
    for (qsizetype i = 0; i < m_pendingEvents.size(); ++i) {
        if (!isActive() || m_doneSeen)
            break;
        const SseEvent event = m_pendingEvents.at(i); // a copy: handling may append to the list
        handleEvent(event);
    }
    m_pendingEvents.clear();
    m_processing = false;

    if (m_doneSeen && isActive())
        complete(); // whatever follows [DONE] is not read
}

void HttpChatStream::handleEvent(const SseEvent &event)
{
    ChatStreamEvent decoded;
    m_format->decodeEvent(event, decoded);

    switch (decoded.kind) {
    case ChatStreamEvent::Kind::Ignored:
        qCDebug(lcNet).noquote() << "ignoring a stream event of type" << event.type;
        return;
    case ChatStreamEvent::Kind::Invalid:
        qCWarning(lcNet) << "skipping a stream event that could not be read," << event.data.size() << "bytes";
        qCDebug(lcNet) << "unreadable event data:" << event.data;
        return;
    case ChatStreamEvent::Kind::Done:
        m_doneSeen = true;
        return;
    case ChatStreamEvent::Kind::Error: {
        ProviderError error = decoded.error.value_or(ProviderError());
        error.kind = ProviderError::Kind::StreamError;
        attemptFailed(error);
        return;
    }
    case ChatStreamEvent::Kind::Update:
        break;
    }

    if (!decoded.model.isEmpty())
        m_model = decoded.model;
    if (!decoded.content.isEmpty()) {
        const QString content = withinCap(decoded.content);
        if (!content.isEmpty()) {
            m_text += content;
            m_tokenEmitted = true;
            Q_EMIT contentDelta(content);
            if (!isActive())
                return;
        }
        if (m_capReached)
            return failTooLarge();
    }
    if (!decoded.refusal.isEmpty()) {
        const QString refusal = withinCap(decoded.refusal);
        if (!refusal.isEmpty()) {
            m_refusal += refusal;
            m_tokenEmitted = true;
            Q_EMIT refusalDelta(refusal);
            if (!isActive())
                return;
        }
        if (m_capReached)
            return failTooLarge();
    }
    if (!decoded.finishReason.isEmpty()) {
        m_finishReason = decoded.finishReason;
        Q_EMIT finishReasonReceived(m_finishReason);
        if (!isActive())
            return;
    }
    if (decoded.usage) {
        m_usage = decoded.usage;
        Q_EMIT usageReceived(*decoded.usage);
    }
}

QString HttpChatStream::withinCap(const QString &delta)
{
    const qint64 bytes = utf8Size(delta);
    if (m_replyBytes + bytes <= m_maxReplyBytes) {
        m_replyBytes += bytes;
        return delta;
    }
    m_capReached = true;
    const qsizetype units = unitsFitting(delta, m_maxReplyBytes - m_replyBytes);
    m_replyBytes += utf8Size(QStringView(delta).first(units));
    return delta.first(units);
}

void HttpChatStream::failTooLarge()
{
    ProviderError error;
    error.kind = ProviderError::Kind::TooLarge;
    error.sizeLimit = m_maxReplyBytes;
    fail(error);
}

void HttpChatStream::onFinished()
{
    if (!m_reply)
        return;
    if (m_processing) {
        // A nested event loop inside one of our handlers: let the events before this end go first.
        QMetaObject::invokeMethod(this, &HttpChatStream::onFinished, Qt::QueuedConnection);
        return;
    }
    if (m_reply->bytesAvailable() > 0) {
        onReadyRead();
        if (m_reply && isActive() && m_phase == Phase::Streaming && m_reply->bytesAvailable() > 0) {
            // The body is still being read a chunk per turn (see onReadyRead): end after it.
            QMetaObject::invokeMethod(this, &HttpChatStream::onFinished, Qt::QueuedConnection);
            return;
        }
    }
    acceptResponseHeaders();
    if (!m_reply || !isActive())
        return;

    if (m_phase == Phase::Streaming) {
        const QNetworkReply::NetworkError code = m_reply->error();
        // A reply whose finish reason arrived is whole even without [DONE] (and even if the
        // connection then broke): what was missing at most is the usage.
        if (!m_finishReason.isEmpty()) {
            if (code != QNetworkReply::NoError)
                qCDebug(lcNet).noquote() << "connection ended after the finish reason:"
                                         << HttpTransport::describeNetworkError(code);
            complete();
            return;
        }
        if (!m_eventSeen && !m_responseBody.trimmed().isEmpty()) {
            // Bytes came, but not one event: a server that labels a plain answer as a stream.
            ProviderError error = m_format->errorFromHttpResponse(
                m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), m_responseBody);
            error.kind = ProviderError::Kind::InvalidResponse;
            error.detail = u"the server's reply is not an event stream"_s;
            HttpTransport::applyResponseHeaders(error, *m_reply, m_format->requestIdHeader());
            attemptFailed(error);
            return;
        }
        ProviderError error;
        error.kind = ProviderError::Kind::Interrupted;
        error.detail = code == QNetworkReply::NoError
                           ? u"the server ended the stream before the reply was complete"_s
                           : HttpTransport::describeNetworkError(code);
        attemptFailed(error);
        return;
    }
    attemptFailed(errorForFinishedReply(m_reply));
}

ProviderError HttpChatStream::errorForFinishedReply(QNetworkReply *reply) const
{
    const QNetworkReply::NetworkError code = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    ProviderError error;

    switch (m_phase) {
    case Phase::ReadingError:
        // A connection that broke while the error body arrived still leaves the status to go by.
        error = m_format->errorFromHttpResponse(status, m_responseBody);
        break;
    case Phase::ReadingOther:
        error = m_format->errorFromHttpResponse(status, m_responseBody);
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = m_responseType.contains("json"_L1)
                           ? u"the server sent a JSON document instead of an event stream"_s
                           : u"the server sent %1 instead of an event stream"_s.arg(m_responseType);
        break;
    case Phase::AwaitingHeaders:
    case Phase::Streaming:
    case Phase::Idle:
        if (status > 0 && code != QNetworkReply::TooManyRedirectsError &&
            code != QNetworkReply::InsecureRedirectError) {
            error.kind = ProviderError::Kind::InvalidResponse;
            error.httpStatus = status;
            error.detail = u"the server answered with a redirect that could not be followed"_s;
        } else if (code == QNetworkReply::NoError) {
            error.kind = ProviderError::Kind::InvalidResponse;
            error.detail = u"the server closed the connection without an HTTP response"_s;
        } else {
            error = HttpTransport::fromNetworkError(code, reply->errorString(), m_request.url(), m_tlsErrors);
        }
        break;
    }
    HttpTransport::applyResponseHeaders(error, *reply, m_format->requestIdHeader());
    return error;
}

void HttpChatStream::onIdleTimeout()
{
    if (!isActive() || m_phase == Phase::Idle)
        return;
    if (m_phase == Phase::Streaming && !m_finishReason.isEmpty()) {
        complete(); // the reply is whole; the server just never closed the stream
        return;
    }
    ProviderError error;
    error.kind = ProviderError::Kind::Timeout;
    error.idleTimeout = m_idleTimeout;
    attemptFailed(error);
}

void HttpChatStream::attemptFailed(ProviderError error)
{
    if (!isActive())
        return;
    m_idleTimer.stop();
    dropReply();
    m_phase = Phase::Idle;
    if (error.requestId.isEmpty())
        error.requestId = m_requestId;
    if (error.expectedApi.isEmpty())
        error.expectedApi = m_format->apiDescription();
    error.receivedCharacters = receivedCharacters();

    if (!m_tokenEmitted) {
        if (const auto delay = m_retryPolicy.delayBeforeRetry(m_attempts, error)) {
            qCInfo(lcNet).noquote() << "retry" << m_attempts << "in" << delay->count()
                                    << "ms after:" << error.message();
            Q_EMIT retrying(m_attempts, *delay, error);
            if (isActive()) // a handler may have cancelled
                m_retryTimer.start(*delay);
            return;
        }
    }
    fail(error);
}

void HttpChatStream::fail(ProviderError error)
{
    if (!isActive())
        return;
    m_idleTimer.stop();
    m_retryTimer.stop();
    dropReply();
    m_phase = Phase::Idle;
    if (error.requestId.isEmpty())
        error.requestId = m_requestId;
    if (error.expectedApi.isEmpty())
        error.expectedApi = m_format->apiDescription();
    error.receivedCharacters = receivedCharacters();
    m_error = error;
    m_state = State::Failed;
    qCInfo(lcNet).noquote() << "stream failed:" << error.message();
    Q_EMIT failed(error);
    Q_EMIT done();
}

void HttpChatStream::complete()
{
    if (!isActive())
        return;
    m_idleTimer.stop();
    m_retryTimer.stop();
    releaseReply();
    m_phase = Phase::Idle;
    m_state = State::Completed;
    qCInfo(lcNet) << "stream completed:" << receivedCharacters() << "characters, finish reason"
                  << m_finishReason;
    Q_EMIT done();
}

// After [DONE] the server normally ends the body at once. Aborting would close the connection;
// letting the reply finish on its own returns it to the pool, and the next message skips the
// TCP and TLS handshakes. A server that keeps the stream open is cut off after a grace period.
void HttpChatStream::releaseReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (!reply->isRunning()) {
        reply->deleteLater();
        return;
    }
    connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->readAll(); });
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QTimer::singleShot(ReleaseGracePeriod, reply, [reply] {
        if (reply->isRunning())
            reply->abort();
    });
}

void HttpChatStream::dropReply()
{
    HttpTransport::discardReply(m_reply, this);
}
