// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpmodellistreply.h"

#include "httptransport.h"
#include "providerslogging.h"

#include <QNetworkReply>

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
    , m_runner(network, request, HttpRequestRunner::Method::Get, {}, idleTimeout)
    , m_format(std::move(format))
{
    Q_ASSERT(m_format);
    connect(&m_runner, &HttpRequestRunner::readyRead, this, &HttpModelListReply::onReadyRead);
    connect(&m_runner, &HttpRequestRunner::finished, this, &HttpModelListReply::onFinished);
    connect(&m_runner, &HttpRequestRunner::idleTimedOut, this,
            [this] { end(std::nullopt, m_runner.timeoutError()); });
    connect(&m_runner, &HttpRequestRunner::refused, this,
            [this](const ProviderError &error) { end(std::nullopt, error); });
    m_runner.start();
}

HttpModelListReply::~HttpModelListReply()
{
    m_runner.stop();
}

void HttpModelListReply::abort()
{
    end(std::nullopt);
}

void HttpModelListReply::onReadyRead()
{
    if (!m_runner.reply())
        return;
    m_runner.restartIdleTimer();
    const QByteArray bytes = m_runner.reply()->readAll();
    const qsizetype room = MaxBody - m_body.size();
    if (room > 0)
        m_body.append(bytes.left(room));
}

void HttpModelListReply::onFinished()
{
    QNetworkReply *reply = m_runner.reply();
    if (!reply || m_finished)
        return;
    if (reply->bytesAvailable() > 0)
        onReadyRead();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError) {
        if (auto ids = m_format->parseModelList(m_body))
            return end(std::move(ids));
    }
    end(std::nullopt, errorForFinishedReply());
}

ProviderError HttpModelListReply::errorForFinishedReply() const
{
    const QNetworkReply &reply = *m_runner.reply();
    const QNetworkReply::NetworkError code = reply.error();
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    ProviderError error;
    if (status >= 400) {
        error = m_format->errorFromHttpResponse(status, m_body);
    } else if (status >= 200 && status < 300 && code == QNetworkReply::NoError) {
        error = m_format->errorFromHttpResponse(status, m_body);
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = u"the server's model list could not be read"_s;
    } else if (status >= 200 && status < 300) {
        error.kind = ProviderError::Kind::Network;
        error.detail = u"the connection to %1 broke while the model list arrived: %2"_s.arg(
            HttpTransport::hostAndPort(m_runner.request().url()), HttpTransport::describeNetworkError(code));
    } else {
        error = m_runner.errorWithoutResponse();
    }
    HttpTransport::applyResponseHeaders(error, reply, m_format->requestIdHeader());
    return error;
}

void HttpModelListReply::end(std::optional<QStringList> ids, std::optional<ProviderError> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_runner.stop();
    if (ids) {
        qCInfo(lcNet) << "model list:" << ids->size() << "models";
        Q_EMIT finished(*ids);
    } else if (error) {
        if (error->expectedApi.isEmpty())
            error->expectedApi = m_format->apiDescription();
        qCInfo(lcNet).noquote() << "model list failed:" << error->message();
        Q_EMIT failed(*error);
    }
}
