// SPDX-License-Identifier: GPL-3.0-or-later
#include "httptransport.h"

#include "providerslogging.h"

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <QNetworkRequest>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace HttpTransport {

namespace {

// A request ID is for support tickets; a hostile server gets no say in how long our text is.
constexpr qsizetype MaxRequestIdLength = 200;
// Longer than any wait we would accept, short enough never to overflow a millisecond count.
constexpr double MaxWaitMs = 1e12;

std::optional<double> parseNonNegative(QByteArrayView value)
{
    bool ok = false;
    const double number = value.toByteArray().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < 0)
        return std::nullopt;
    return std::min(number, MaxWaitMs);
}

// Qt reads RFC 2822 dates but not the "GMT" zone name that HTTP-dates always end with.
std::optional<QDateTime> parseHttpDate(QByteArrayView value)
{
    QString text = QString::fromLatin1(value.toByteArray().trimmed());
    if (text.endsWith(u" GMT"_s) || text.endsWith(u" UTC"_s)) {
        text.chop(3);
        text += u"+0000"_s;
    }
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid())
        return std::nullopt;
    return date;
}

// Qt's own error strings may quote the URL; the query and the password may hold secrets.
QString redact(QString text, const QUrl &url)
{
    for (const QString &secret : {url.query(QUrl::FullyEncoded), url.query(QUrl::FullyDecoded),
                                  url.password(QUrl::FullyEncoded), url.password(QUrl::FullyDecoded)}) {
        if (!secret.isEmpty())
            text.replace(secret, u"…"_s);
    }
    return text;
}

QString withoutPrefix(QString text, QLatin1StringView prefix)
{
    if (text.startsWith(prefix, Qt::CaseInsensitive)) {
        text.remove(0, prefix.size());
        while (text.startsWith(u':') || text.startsWith(u' '))
            text.remove(0, 1);
    }
    return text;
}

} // namespace

void prepareRequest(QNetworkRequest &request)
{
    // Qt's other policies let the key follow a redirect to any https host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
}

QByteArray headerValue(const QString &text)
{
    QByteArray value = text.trimmed().toUtf8();
    value.replace('\r', QByteArray()).replace('\n', QByteArray());
    return value;
}

void applyExtraHeaders(QNetworkRequest &request, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.isEmpty() || name.contains('\n') || name.contains('\r') || value.contains('\n') ||
            value.contains('\r')) {
            qCWarning(lcNet) << "skipping an extra header with an empty name or a line break";
            continue;
        }
        request.setRawHeader(name, value);
    }
}

QUrl endpointUrl(const QUrl &base, QStringView path)
{
    QUrl url = base;
    QString fullPath = url.path(QUrl::FullyEncoded);
    while (fullPath.endsWith(u'/'))
        fullPath.chop(1);
    fullPath += u'/';
    fullPath += path;
    url.setPath(fullPath, QUrl::TolerantMode);
    return url;
}

std::optional<ProviderError> checkUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    ProviderError error;
    error.kind = ProviderError::Kind::Network;
    error.shouldRetry = false;
    if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty())
        error.detail = u"invalid base URL: “%1” is not an http or https URL"_s.arg(displayUrl(url));
    else if (!url.userInfo().isEmpty())
        error.detail =
            u"invalid base URL: “%1” holds a user name or password, which Confab does not send; "
            u"give the URL without them and store the key with `confab-cli key set`"_s.arg(displayUrl(url));
    else
        return std::nullopt;
    return error;
}

QString displayUrl(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString hostAndPort(const QUrl &url)
{
    QString host = url.host();
    if (host.contains(u':'))
        host = u'[' + host + u']';
    const int port = url.port(url.scheme().compare("https"_L1, Qt::CaseInsensitive) == 0 ? 443 : 80);
    return host + u':' + QString::number(port);
}

std::optional<milliseconds> parseRetryAfter(QByteArrayView retryAfterMs, QByteArrayView retryAfter,
                                            const QDateTime &now)
{
    if (!retryAfterMs.isEmpty()) {
        if (const auto ms = parseNonNegative(retryAfterMs))
            return milliseconds(qint64(std::ceil(*ms)));
    }
    if (retryAfter.isEmpty())
        return std::nullopt;
    if (const auto seconds = parseNonNegative(retryAfter))
        return milliseconds(qint64(std::ceil(std::min(*seconds * 1000.0, MaxWaitMs))));
    if (const auto date = parseHttpDate(retryAfter))
        return milliseconds(std::max<qint64>(0, now.msecsTo(*date)));
    return std::nullopt;
}

std::optional<bool> parseShouldRetry(QByteArrayView value)
{
    const QByteArray text = value.toByteArray().trimmed().toLower();
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    return std::nullopt;
}

QString requestId(const QNetworkReply &reply, const QByteArray &header)
{
    return QString::fromLatin1(reply.rawHeader(header).trimmed().left(MaxRequestIdLength));
}

void applyResponseHeaders(ProviderError &error, const QNetworkReply &reply, const QByteArray &requestIdHeader)
{
    if (const QString id = requestId(reply, requestIdHeader); !id.isEmpty())
        error.requestId = id;

    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 400)
        return;
    if (const auto wait = parseRetryAfter(reply.rawHeader(QByteArrayLiteral("retry-after-ms")),
                                          reply.rawHeader(QByteArrayLiteral("retry-after")),
                                          QDateTime::currentDateTimeUtc()))
        error.retryAfter = wait;
    if (const auto shouldRetry = parseShouldRetry(reply.rawHeader(QByteArrayLiteral("x-should-retry"))))
        error.shouldRetry = shouldRetry;
}

QString describeNetworkError(QNetworkReply::NetworkError code)
{
    switch (code) {
    case QNetworkReply::NoError:
        return u"no error"_s;
    case QNetworkReply::ConnectionRefusedError:
        return u"connection refused"_s;
    case QNetworkReply::RemoteHostClosedError:
        return u"the server closed the connection"_s;
    case QNetworkReply::HostNotFoundError:
        return u"host not found"_s;
    case QNetworkReply::TimeoutError:
        return u"the connection timed out"_s;
    case QNetworkReply::OperationCanceledError:
        return u"the request was cancelled"_s;
    case QNetworkReply::SslHandshakeFailedError:
        return u"TLS handshake failed"_s;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return u"the network is unavailable"_s;
    case QNetworkReply::TooManyRedirectsError:
        return u"too many redirects"_s;
    case QNetworkReply::InsecureRedirectError:
        return u"redirected from https to http"_s;
    case QNetworkReply::ProxyConnectionRefusedError:
        return u"the proxy refused the connection"_s;
    case QNetworkReply::ProxyConnectionClosedError:
        return u"the proxy closed the connection"_s;
    case QNetworkReply::ProxyNotFoundError:
        return u"proxy not found"_s;
    case QNetworkReply::ProxyTimeoutError:
        return u"the proxy timed out"_s;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return u"the proxy requires authentication"_s;
    case QNetworkReply::ProtocolUnknownError:
        return u"unsupported protocol"_s;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return u"the response is not valid HTTP"_s;
    default:
        return u"network error %1"_s.arg(int(code));
    }
}

ProviderError fromNetworkError(QNetworkReply::NetworkError code, const QString &errorString, const QUrl &url,
                               const QString &tlsErrors)
{
    ProviderError error;
    error.kind = ProviderError::Kind::Network;
    const QString where = hostAndPort(url);
    const QString connectFailed = u"could not connect to %1: "_s.arg(where);

    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        error.detail = connectFailed + describeNetworkError(code);
        break;
    case QNetworkReply::RemoteHostClosedError:
        error.detail = connectFailed + u"the server closed the connection before answering"_s;
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        error.detail = connectFailed + describeNetworkError(code);
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        error.detail = connectFailed + describeNetworkError(code);
        error.shouldRetry = false;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        error.kind = ProviderError::Kind::Tls;
        error.detail = !tlsErrors.isEmpty()
                           ? tlsErrors
                           : redact(withoutPrefix(errorString, "SSL handshake failed"_L1), url);
        if (error.detail.isEmpty())
            error.detail = u"could not establish a secure connection to %1"_s.arg(where);
        break;
    case QNetworkReply::TooManyRedirectsError:
        error.detail = u"too many redirects from %1"_s.arg(displayUrl(url));
        error.shouldRetry = false;
        break;
    case QNetworkReply::InsecureRedirectError:
        error.detail = u"%1 redirected to an insecure http:// address, which Confab does not follow"_s.arg(
            displayUrl(url));
        error.shouldRetry = false;
        break;
    case QNetworkReply::ProtocolUnknownError:
        error.detail = u"unsupported URL scheme “%1”"_s.arg(url.scheme());
        error.shouldRetry = false;
        break;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        error.kind = ProviderError::Kind::InvalidResponse;
        error.detail = u"the server at %1 did not answer in valid HTTP"_s.arg(where);
        break;
    default: {
        const QString text = redact(errorString, url).simplified();
        error.detail = connectFailed + (text.isEmpty() ? describeNetworkError(code) : text);
        break;
    }
    }
    return error;
}

#if QT_CONFIG(ssl)
QString describeSslErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &error : errors)
        texts.append(error.errorString());
    texts.removeDuplicates();
    return texts.join(u"; "_s);
}
#endif

void discardReply(QPointer<QNetworkReply> &reply, const QObject *receiver)
{
    if (!reply)
        return;
    QNetworkReply *gone = reply;
    reply = nullptr;
    QObject::disconnect(gone, nullptr, receiver, nullptr);
    if (gone->isRunning())
        gone->abort();
    gone->deleteLater();
}

} // namespace HttpTransport
