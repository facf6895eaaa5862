// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpchatstream.h"

#include "chatstreamevent.h"
#include "httptransport.h"
#include "providerslogging.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

// How much of the body is read at a time into the reused buffer.
constexpr qsizetype ReadChunk = 64 * 1024;

// How much of the body may wait unread: a server that sends faster than its events are handled
// is then held back by TCP instead of filling the memory.
constexpr qint64 MaxUnreadBody = 4 * 1024 * 1024;

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
    , m_runner(network, request, HttpRequestRunner::Method::Post, body, idleTimeout, retryPolicy)
    , m_format(std::move(format))
    , m_sizeLimit(maxReplyBytes)
    , m_parser([this](const SseEvent &event) { m_pendingEvents.append(event); })
    , m_response(*m_format)
{
    Q_ASSERT(m_format);
    connect(&m_runner, &HttpRequestRunner::attemptStarted, this, &HttpChatStream::onAttemptStarted);
    connect(&m_runner, &HttpRequestRunner::metaDataChanged, this, &HttpChatStream::acceptResponseHeaders);
    connect(&m_runner, &HttpRequestRunner::readyRead, this, &HttpChatStream::onReadyRead);
    connect(&m_runner, &HttpRequestRunner::finished, this, &HttpChatStream::onFinished);
    connect(&m_runner, &HttpRequestRunner::idleTimedOut, this, &HttpChatStream::onIdleTimeout);
    connect(&m_runner, &HttpRequestRunner::refused, this,
            [this](const ProviderError &error) { end(State::Failed, error); });
    m_runner.start();
}

HttpChatStream::~HttpChatStream()
{
    m_runner.stop();
}

qint64 HttpChatStream::receivedCharacters() const
{
    return codePoints(m_reasoning) + codePoints(m_text) + codePoints(m_refusal);
}

void HttpChatStream::cancel()
{
    end(State::Cancelled);
}

void HttpChatStream::onAttemptStarted()
{
    m_response.restart();
    m_parser.reset();
    m_pendingEvents.clear();
    m_format->reset();
    m_doneSeen = false;
    // Only an attempt that showed no token is ever repeated, so nothing visible is lost here;
    // the thinking counts as shown, but its signature and redacted blocks do not.
    m_reasoning.clear();
    m_reasoningSignature.clear();
    m_redactedReasoning.clear();
    m_finishReason.clear();
    m_model.clear();
    m_usage.reset();
    m_sizeLimit.reset();
    m_runner.reply()->setReadBufferSize(MaxUnreadBody);
}

void HttpChatStream::acceptResponseHeaders()
{
    QNetworkReply *reply = m_runner.reply();
    if (m_response.phase() != Phase::AwaitingHeaders || !reply)
        return;
    m_response.acceptHeaders(*reply);
    if (m_response.phase() != Phase::Streaming)
        return;
    m_state = State::Streaming;
    // Again now: Qt's network thread may have dropped the limit set before its reply existed.
    // Without it, that thread reads a flood without pause, and an abort waits for it.
    reply->setReadBufferSize(MaxUnreadBody);
    if (!m_startedEmitted) {
        m_startedEmitted = true;
        Q_EMIT started();
    }
}

void HttpChatStream::onReadyRead()
{
    if (!m_runner.reply())
        return;
    m_runner.restartIdleTimer();
    acceptResponseHeaders();
    QNetworkReply *reply = m_runner.reply();
    if (!reply) // cancelled from a started() handler
        return;

    switch (m_response.phase()) {
    case Phase::Streaming:
        readStreamChunk();
        // A server may send faster than the events are handled: then read() never runs dry,
        // and reading on until it does would starve the event loop (no output, no Ctrl+C, no
        // saving) for as long as the server keeps it up. One chunk per turn; the rest is next.
        if (m_runner.reply() && isActive() && m_response.phase() == Phase::Streaming &&
            reply->bytesAvailable() > 0)
            queueRead();
        break;
    case Phase::ReadingError:
    case Phase::ReadingOther:
        m_response.keep(reply->readAll());
        break;
    case Phase::AwaitingHeaders:
    case Phase::Idle:
        reply->readAll(); // the body of a redirect: of no use
        break;
    }
}

void HttpChatStream::readStreamChunk()
{
    // One buffer serves every read: a long reply arrives in thousands of reads, and a fresh
    // allocation for each showed up in profiles as page faults.
    if (m_readBuffer.size() != ReadChunk)
        m_readBuffer.resize(ReadChunk);
    const qint64 n = m_runner.reply()->read(m_readBuffer.data(), ReadChunk);
    if (n <= 0)
        return;
    const QByteArrayView bytes(m_readBuffer.constData(), n);
    // Kept until the first event, to say what came instead if none ever does.
    m_response.keep(bytes);
    m_parser.feed(bytes);
    processEvents();
    if (!m_runner.reply() || !isActive() || m_response.phase() != Phase::Streaming)
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
    if (!m_pendingEvents.isEmpty())
        m_response.markEventSeen();
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
        end(State::Completed); // whatever follows [DONE] is not read
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
    if (!show(decoded.reasoning, m_reasoning, &ChatStream::reasoningDelta) ||
        !fitsWhole(decoded.reasoningSignature) || !fitsWhole(decoded.redactedReasoning))
        return;
    m_reasoningSignature += decoded.reasoningSignature;
    if (!decoded.redactedReasoning.isEmpty())
        m_redactedReasoning.append(decoded.redactedReasoning);
    if (!show(decoded.content, m_text, &ChatStream::contentDelta) ||
        !show(decoded.refusal, m_refusal, &ChatStream::refusalDelta))
        return;
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

bool HttpChatStream::show(const QString &delta, QString &into, void (ChatStream::*signal)(const QString &))
{
    if (delta.isEmpty())
        return true;
    const QString piece = m_sizeLimit.fit(delta);
    if (!piece.isEmpty()) {
        into += piece;
        m_tokenEmitted = true;
        Q_EMIT(this->*signal)(piece);
        if (!isActive())
            return false;
    }
    if (!m_sizeLimit.reached())
        return true;
    failTooLarge();
    return false;
}

bool HttpChatStream::fitsWhole(const QString &data)
{
    m_sizeLimit.fit(data);
    if (!m_sizeLimit.reached())
        return true;
    failTooLarge(); // a piece of opaque data is of no use: none of it is kept
    return false;
}

void HttpChatStream::failTooLarge()
{
    ProviderError error;
    error.kind = ProviderError::Kind::TooLarge;
    error.sizeLimit = m_sizeLimit.maxBytes();
    end(State::Failed, error);
}

bool HttpChatStream::releaseHeldBack()
{
    ChatStreamEvent rest;
    m_format->finish(rest);
    if (rest.kind != ChatStreamEvent::Kind::Update)
        return true;
    return show(rest.reasoning, m_reasoning, &ChatStream::reasoningDelta) &&
           show(rest.content, m_text, &ChatStream::contentDelta) && isActive();
}

void HttpChatStream::onFinished()
{
    QNetworkReply *reply = m_runner.reply();
    if (!reply)
        return;
    if (m_processing) {
        // A nested event loop inside one of our handlers: let the events before this end go first.
        QMetaObject::invokeMethod(this, &HttpChatStream::onFinished, Qt::QueuedConnection);
        return;
    }
    if (reply->bytesAvailable() > 0) {
        onReadyRead();
        if (m_runner.reply() && isActive() && m_response.phase() == Phase::Streaming &&
            reply->bytesAvailable() > 0) {
            // The body is still being read a chunk per turn (see onReadyRead): end after it.
            QMetaObject::invokeMethod(this, &HttpChatStream::onFinished, Qt::QueuedConnection);
            return;
        }
    }
    acceptResponseHeaders();
    if (!m_runner.reply() || !isActive())
        return;

    // A reply whose finish reason arrived is whole even without [DONE] (and even if the
    // connection then broke): what was missing at most is the usage.
    if (m_response.phase() == Phase::Streaming && !m_finishReason.isEmpty()) {
        if (reply->error() != QNetworkReply::NoError)
            qCDebug(lcNet).noquote() << "connection ended after the finish reason:"
                                     << HttpTransport::describeNetworkError(reply->error());
        end(State::Completed);
        return;
    }
    attemptFailed(m_response.errorForFinishedReply(*reply, m_runner));
}

void HttpChatStream::onIdleTimeout()
{
    if (!isActive() || m_response.phase() == Phase::Idle)
        return;
    if (m_response.phase() == Phase::Streaming && !m_finishReason.isEmpty())
        end(State::Completed); // the reply is whole; the server just never closed the stream
    else
        attemptFailed(m_runner.timeoutError());
}

void HttpChatStream::annotate(ProviderError &error) const
{
    if (error.requestId.isEmpty())
        error.requestId = m_response.requestId();
    if (error.expectedApi.isEmpty())
        error.expectedApi = m_format->apiDescription();
    error.receivedCharacters = receivedCharacters();
}

void HttpChatStream::attemptFailed(ProviderError error)
{
    if (!isActive())
        return;
    m_response.settle();
    annotate(error);
    if (!m_tokenEmitted) {
        if (const auto delay = m_runner.retryAfter(error)) {
            qCInfo(lcNet).noquote() << "retry" << m_runner.attempts() << "in" << delay->count()
                                    << "ms after:" << error.message();
            Q_EMIT retrying(m_runner.attempts(), *delay, error);
            return;
        }
    }
    end(State::Failed, error);
}

void HttpChatStream::end(State state, std::optional<ProviderError> error)
{
    if (!isActive())
        return;
    // What the format held back as a possible tag is shown, unless the user stopped the reply or
    // it is too large already; a handler, or the size limit, may end the stream meanwhile.
    if (state != State::Cancelled && !(error && error->kind == ProviderError::Kind::TooLarge) &&
        !releaseHeldBack())
        return;
    // A completed reply said all it will: its connection may go back to the pool.
    if (state == State::Completed)
        m_runner.release();
    else
        m_runner.stop();
    m_response.settle();
    m_state = state;
    switch (state) {
    case State::Completed:
        qCInfo(lcNet) << "stream completed:" << receivedCharacters() << "characters, finish reason"
                      << m_finishReason;
        break;
    case State::Cancelled:
        qCInfo(lcNet) << "stream cancelled after" << receivedCharacters() << "characters";
        break;
    case State::Failed:
    case State::Connecting:
    case State::Streaming:
        Q_ASSERT(error);
        annotate(*error);
        m_error = *error;
        qCInfo(lcNet).noquote() << "stream failed:" << error->message();
        Q_EMIT failed(*error);
        break;
    }
    Q_EMIT done();
}
