// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QPointer>
#include <QString>

#include <chrono>
#include <optional>

class QSslError;

class QNetworkRequest;
class QUrl;

// What the HTTP transports of all providers share: request attributes, what a response's
// headers say about retrying, and what a failure below HTTP means to the user.
namespace HttpTransport {

// The attributes every provider request carries. A redirect waits for
// CredentialPolicy::guardRedirects() to allow it; TLS is always verified; the idle timeout is
// our own timer.
void prepareRequest(QNetworkRequest &request);

// A header value taken from user text, trimmed: a line break would end the header early, and a
// pasted key often carries one, so CR and LF are dropped.
QByteArray headerValue(const QString &text);

// Sets a profile's extra headers on `request`, skipping (with a warning) any with an empty name
// or a line break. Call it last, so that a profile can replace one of ours (a proxy's own auth).
void applyExtraHeaders(QNetworkRequest &request, const QList<QPair<QByteArray, QByteArray>> &headers);

// The URL for `path` under a base URL such as https://api.openai.com/v1 (a trailing slash and
// a query are kept as they should be).
QUrl endpointUrl(const QUrl &base, QStringView path);

// Whether a base URL can be used at all (http or https, a host, no user name or password: Qt
// would send those as a Basic login); otherwise the error that says why.
std::optional<ProviderError> checkUrl(const QUrl &url);

// The URL as it may appear in messages and logs: no user info, no query (either may hold a key).
QString displayUrl(const QUrl &url);

// "host:port", for messages.
QString hostAndPort(const QUrl &url);

// How long the server asks us to wait. retry-after-ms (milliseconds, may be fractional) wins
// over Retry-After (seconds, may be fractional, or an HTTP-date, measured from `now`).
// nullopt when neither is present and readable; a date already past gives 0.
std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView retryAfterMs,
                                                         QByteArrayView retryAfter, const QDateTime &now);

// x-should-retry: "true" or "false", any case; anything else is nullopt.
std::optional<bool> parseShouldRetry(QByteArrayView value);

// The request ID the server sent in `header` (its name depends on the provider), shortened to
// what a support request needs; empty when there is none.
QString requestId(const QNetworkReply &reply, const QByteArray &header);

// Copies the request ID from `requestIdHeader` into `error`, and for an HTTP error response also
// Retry-After, retry-after-ms and x-should-retry.
void applyResponseHeaders(ProviderError &error, const QNetworkReply &reply,
                          const QByteArray &requestIdHeader);

// The error for a request that failed below HTTP, before any response arrived: refused, DNS,
// TLS, proxy. `tlsErrors` are the certificate problems the reply reported, if any.
ProviderError fromNetworkError(QNetworkReply::NetworkError code, const QString &errorString, const QUrl &url,
                               const QString &tlsErrors = {});

// A short description of a transport error for logs and for `detail`, without URLs.
QString describeNetworkError(QNetworkReply::NetworkError code);

// Lets go of `reply`: cuts it off from `receiver` first (abort() emits finished() at once, and
// nothing of the receiver's may hear it), aborts it if it still runs, deletes it later, and
// clears the pointer.
void discardReply(QPointer<QNetworkReply> &reply, const QObject *receiver);

#if QT_CONFIG(ssl)
// The certificate problems of a failed TLS handshake, in one line, to say what was wrong: they
// are never ignored.
QString describeSslErrors(const QList<QSslError> &errors);
#endif

} // namespace HttpTransport
