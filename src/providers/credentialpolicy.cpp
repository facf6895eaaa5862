// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialpolicy.h"

#include "httptransport.h"
#include "providerslogging.h"

#include <QHostAddress>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace CredentialPolicy {

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme().compare("https"_L1, Qt::CaseInsensitive) == 0;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(isHttps(a) ? 443 : 80) == b.port(isHttps(b) ? 443 : 80);
}

} // namespace

bool carriesCredential(QByteArrayView name, QByteArrayView value)
{
    const QByteArray lower = name.toByteArray().trimmed().toLower();
    static const char *const exact[] = {"authorization", "proxy-authorization", "cookie"};
    for (const char *candidate : exact) {
        if (lower == candidate)
            return true;
    }
    static const char *const endings[] = {"key", "token", "secret"};
    for (const char *ending : endings) {
        if (lower.endsWith(ending))
            return true;
    }
    static const char *const parts[] = {"auth",   "token",   "secret", "password",
                                        "apikey", "api-key", "api_key"};
    for (const char *part : parts) {
        if (lower.contains(part))
            return true;
    }
    const QByteArray text = value.toByteArray().trimmed();
    return text.toLower().startsWith("bearer ") || text.toLower().startsWith("basic ") ||
           text.startsWith("sk-");
}

bool isLoopback(const QUrl &url)
{
    QString host = url.host().toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    if (host == "localhost"_L1)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<ProviderError> checkRequest(const QNetworkRequest &request)
{
    const QUrl url = request.url();
    if (auto invalid = HttpTransport::checkUrl(url))
        return invalid;
    if (isHttps(url) || isLoopback(url))
        return std::nullopt;
    const QList<QByteArray> names = request.rawHeaderList();
    for (const QByteArray &name : names) {
        if (!carriesCredential(name, request.rawHeader(name)))
            continue;
        ProviderError error;
        error.kind = ProviderError::Kind::Network;
        error.shouldRetry = false;
        error.detail =
            u"not sent: the request carries a key (%1) and %2 is plain http:// to another machine, "
            u"where anyone on the way could read it; use an https:// base URL, or a profile "
            u"without a key for a server that needs none"_s.arg(QString::fromLatin1(name),
                                                                HttpTransport::displayUrl(url));
        return error;
    }
    return std::nullopt;
}

void guardRedirects(QNetworkReply *reply, const QObject *receiver,
                    std::function<void(const ProviderError &)> refused)
{
    const QUrl origin = reply->url();
    QObject::connect(reply, &QNetworkReply::redirected, receiver,
                     [reply, origin, refused = std::move(refused)](const QUrl &redirect) {
                         const QUrl target = origin.resolved(redirect);
                         if (sameOrigin(origin, target)) {
                             Q_EMIT reply->redirectAllowed();
                             return;
                         }
                         qCInfo(lcNet).noquote()
                             << "not following a redirect to" << HttpTransport::displayUrl(target);
                         ProviderError error;
                         error.kind = ProviderError::Kind::Network;
                         error.shouldRetry = false;
                         error.detail =
                             u"%1 redirected to %2, another server, which Confab does not follow: "
                             u"the key is sent only to the base URL's server; if %2 is the right "
                             u"server, make it the base URL"_s.arg(HttpTransport::hostAndPort(origin),
                                                                   HttpTransport::displayUrl(target));
                         refused(error);
                     });
}

} // namespace CredentialPolicy
