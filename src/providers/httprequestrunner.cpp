// SPDX-License-Identifier: GPL-3.0-or-later
#include "httprequestrunner.h"

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

// How long a reply that is complete may take to end its body before its connection is closed.
constexpr milliseconds ReleaseGracePeriod{2000};

} // namespace

HttpRequestRunner::HttpRequestRunner(QNetworkAccessManager *network, const QNetworkRequest &request,
                                     Method method, const QByteArray &body, milliseconds idleTimeout,
                                     const RetryPolicy &retryPolicy, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_request(request)
    , m_method(method)
    , m_body(body)
    , m_idleTimeout(idleTimeout)
    , m_retryPolicy(retryPolicy)
{
    Q_ASSERT(m_network);
    m_idleTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a server that asked for a wait gets all of it.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpRequestRunner::idleTimedOut);
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpRequestRunner::send);
}

HttpRequestRunner::~HttpRequestRunner()
{
    dropReply();
}

RetryPolicy HttpRequestRunner::noRetries()
{
    RetryPolicy policy;
    policy.maxRetries = 0;
    return policy;
}

void HttpRequestRunner::start()
{
    if (const auto invalid = CredentialPolicy::checkRequest(m_request)) {
        QMetaObject::invokeMethod(
            this, [this, error = *invalid] { Q_EMIT refused(error); }, Qt::QueuedConnection);
        return;
    }
    send();
}

void HttpRequestRunner::send()
{
    ++m_attempts;
    m_tlsErrors.clear();
    const QString url = HttpTransport::displayUrl(m_request.url());
    if (m_method == Method::Post) {
        qCInfo(lcNet).noquote() << "POST" << url << "attempt" << m_attempts;
        m_reply = m_network->post(m_request, m_body);
    } else {
        qCInfo(lcNet).noquote() << "GET" << url;
        m_reply = m_network->get(m_request);
    }
    CredentialPolicy::guardRedirects(m_reply, this,
                                     [this](const ProviderError &error) { Q_EMIT refused(error); });
    // Qt's network thread takes a read limit only once its own reply exists, and a chunked body
    // that arrives faster than it is read keeps that thread reading without a pause, so a limit
    // sent after the body began never lands: then a flood fills the memory and nothing reaches
    // us. So the limit goes at every step before the body: now, once Qt has queued the start of
    // the request (its thread then takes our limit right after making its reply), when the
    // request has left, and with the headers.
    applyReadBufferSize();
    QMetaObject::invokeMethod(this, &HttpRequestRunner::applyReadBufferSize, Qt::QueuedConnection);
    connect(m_reply, &QNetworkReply::requestSent, this, &HttpRequestRunner::applyReadBufferSize);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        applyReadBufferSize();
        restartIdleTimer();
        Q_EMIT metaDataChanged();
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpRequestRunner::readyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpRequestRunner::finished);
    connect(m_reply, &QNetworkReply::uploadProgress, this, &HttpRequestRunner::restartIdleTimer);
#if QT_CONFIG(ssl)
    // Only collected to say what was wrong: the errors are never ignored.
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_tlsErrors = HttpTransport::describeSslErrors(errors);
    });
#endif
    restartIdleTimer();
    Q_EMIT attemptStarted();
}

void HttpRequestRunner::applyReadBufferSize()
{
    if (m_reply && m_readBufferSize > 0)
        m_reply->setReadBufferSize(m_readBufferSize);
}

void HttpRequestRunner::restartIdleTimer()
{
    if (m_idleTimeout.count() > 0)
        m_idleTimer.start(m_idleTimeout);
}

std::optional<milliseconds> HttpRequestRunner::retryAfter(const ProviderError &error)
{
    m_idleTimer.stop();
    dropReply();
    const auto delay = m_retryPolicy.delayBeforeRetry(m_attempts, error);
    if (delay)
        m_retryTimer.start(*delay);
    return delay;
}

void HttpRequestRunner::stop()
{
    m_idleTimer.stop();
    m_retryTimer.stop();
    dropReply();
}

// After the end of a stream the server normally ends the body at once. Aborting would close the
// connection; letting the reply finish on its own returns it to the pool, and the next message
// skips the TCP and TLS handshakes.
void HttpRequestRunner::release()
{
    m_idleTimer.stop();
    m_retryTimer.stop();
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

void HttpRequestRunner::dropReply()
{
    HttpTransport::discardReply(m_reply, this);
}

ProviderError HttpRequestRunner::errorWithoutResponse() const
{
    Q_ASSERT(m_reply);
    const QNetworkReply::NetworkError code = m_reply->error();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    ProviderError error;
    if (status > 0 && code != QNetworkReply::TooManyRedirectsError &&
        code != QNetworkReply::InsecureRedirectError) {
        error.kind = ProviderError::Kind::InvalidResponse;
        error.httpStatus = status;
        error.detail = u"the server answered with a redirect that could not be followed"_s;
    } else if (code == QNetworkReply::NoError) {
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = u"the server closed the connection without an HTTP response"_s;
    } else {
        error = HttpTransport::fromNetworkError(code, m_reply->errorString(), m_request.url(), m_tlsErrors);
    }
    return error;
}

ProviderError HttpRequestRunner::timeoutError() const
{
    ProviderError error;
    error.kind = ProviderError::Kind::Timeout;
    error.idleTimeout = m_idleTimeout;
    return error;
}
