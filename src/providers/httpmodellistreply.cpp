// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpmodellistreply.h"

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

// OpenRouter's list with all its metadata is a few megabytes; no real list comes near this.
constexpr qsizetype MaxBody = 32 * 1024 * 1024;

} // namespace

HttpModelListReply::HttpModelListReply(QNetworkAccessManager *network, const QNetworkRequest &request,
                                       std::unique_ptr<ChatWireFormat> format, milliseconds idleTimeout,
                                       QObject *parent)
    : ModelListReply(parent)
    , m_request(request)
    , m_format(std::move(format))
    , m_idleTimeout(idleTimeout)
{
    Q_ASSERT(network);
    Q_ASSERT(m_format);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpModelListReply::onIdleTimeout);

    if (const auto invalid = CredentialPolicy::checkRequest(m_request)) {
        QMetaObject::invokeMethod(
            this, [this, error = *invalid] { fail(error); }, Qt::QueuedConnection);
        return;
    }

    qCInfo(lcNet).noquote() << "GET" << HttpTransport::displayUrl(m_request.url());
    m_reply = network->get(m_request);
    CredentialPolicy::guardRedirects(m_reply, this, [this](const ProviderError &error) { fail(error); });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpModelListReply::restartIdleTimer);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpModelListReply::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpModelListReply::onFinished);
#if QT_CONFIG(ssl)
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_tlsErrors = HttpTransport::describeSslErrors(errors);
    });
#endif
    restartIdleTimer();
}

HttpModelListReply::~HttpModelListReply()
{
    dropReply();
}

void HttpModelListReply::abort()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idleTimer.stop();
    dropReply();
}

void HttpModelListReply::restartIdleTimer()
{
    if (m_idleTimeout.count() > 0)
        m_idleTimer.start(m_idleTimeout);
}

void HttpModelListReply::onReadyRead()
{
    if (!m_reply)
        return;
    restartIdleTimer();
    const QByteArray bytes = m_reply->readAll();
    const qsizetype room = MaxBody - m_body.size();
    if (room > 0)
        m_body.append(bytes.left(room));
}

void HttpModelListReply::onFinished()
{
    if (!m_reply || m_finished)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();

    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300 && m_reply->error() == QNetworkReply::NoError) {
        if (const auto ids = m_format->parseModelList(m_body)) {
            m_finished = true;
            m_idleTimer.stop();
            dropReply();
            qCInfo(lcNet) << "model list:" << ids->size() << "models";
            Q_EMIT finished(*ids);
            return;
        }
    }
    fail(errorFor(m_reply));
}

ProviderError HttpModelListReply::errorFor(QNetworkReply *reply) const
{
    const QNetworkReply::NetworkError code = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    ProviderError error;
    if (status >= 400) {
        error = m_format->errorFromHttpResponse(status, m_body);
    } else if (status >= 200 && status < 300) {
        if (code == QNetworkReply::NoError) {
            error = m_format->errorFromHttpResponse(status, m_body);
            error.kind = ProviderError::Kind::InvalidResponse;
            error.detail = u"the server's model list could not be read"_s;
        } else {
            error.kind = ProviderError::Kind::Network;
            error.detail = u"the connection to %1 broke while the model list arrived: %2"_s.arg(
                HttpTransport::hostAndPort(m_request.url()), HttpTransport::describeNetworkError(code));
        }
    } else if (status > 0 && code != QNetworkReply::TooManyRedirectsError &&
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
    HttpTransport::applyResponseHeaders(error, *reply, m_format->requestIdHeader());
    return error;
}

void HttpModelListReply::onIdleTimeout()
{
    if (m_finished)
        return;
    ProviderError error;
    error.kind = ProviderError::Kind::Timeout;
    error.idleTimeout = m_idleTimeout;
    fail(error);
}

void HttpModelListReply::fail(ProviderError error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (error.expectedApi.isEmpty())
        error.expectedApi = m_format->apiDescription();
    m_idleTimer.stop();
    dropReply();
    qCInfo(lcNet).noquote() << "model list failed:" << error.message();
    Q_EMIT failed(error);
}

void HttpModelListReply::dropReply()
{
    HttpTransport::discardReply(m_reply, this);
}
