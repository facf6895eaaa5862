// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"

#include <QByteArrayView>

#include <functional>
#include <optional>

class QNetworkReply;
class QNetworkRequest;
class QObject;
class QUrl;

// Where a credential may go: only to the profile's server, over https or on this machine. Every
// provider request passes checkRequest() before it is sent and guardRedirects() once it is; the
// profile check refuses extra headers by the same carriesCredential() rule.
namespace CredentialPolicy {

// Whether a header carries a credential, by its name (Authorization, Cookie, a name ending in
// "key", "token" or "secret", or naming auth or a password) or by its value ("Bearer …",
// "Basic …", "sk-…"). Both the profile check and checkRequest() go by this one rule.
bool carriesCredential(QByteArrayView name, QByteArrayView value = {});

// Whether `url` names this machine: localhost, 127.0.0.0/8 or ::1.
bool isLoopback(const QUrl &url);

// Whether a prepared request may leave: HttpTransport::checkUrl(), and a request that carries
// a credential goes over https or stays on this machine (plain http elsewhere can be read by
// anyone on the way). Every provider request passes here before anything is sent.
std::optional<ProviderError> checkRequest(const QNetworkRequest &request);

// Lets `reply` (from an HttpTransport::prepareRequest() request) follow a redirect only within the origin it
// was sent to (scheme, host and port): its key belongs to that server alone. A redirect
// anywhere else is not followed; `refused` gets an error naming the target.
void guardRedirects(QNetworkReply *reply, const QObject *receiver,
                    std::function<void(const ProviderError &)> refused);

} // namespace CredentialPolicy
