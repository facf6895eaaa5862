// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

#include <chrono>
#include <optional>

// Why a request to a provider failed, as a value the UI and the CLI can show and act on.
struct ProviderError
{
    Q_GADGET
    Q_PROPERTY(Kind kind MEMBER kind)
    Q_PROPERTY(int httpStatus MEMBER httpStatus)
    Q_PROPERTY(QString providerMessage MEMBER providerMessage)
    Q_PROPERTY(QString message READ message)
    Q_PROPERTY(QString hint READ hint)

public:
    enum class Kind {
        Authentication,  // 401, 403: the key is wrong, revoked or lacks access
        NotFound,        // 404: an unknown model or a wrong base URL
        RateLimited,     // 429 that waiting fixes
        QuotaExceeded,   // 429 insufficient_quota: waiting does not fix it
        BadRequest,      // other 4xx, e.g. a context too long
        Server,          // 5xx
        Network,         // refused, DNS, unreachable, proxy
        Tls,             // certificate or handshake failure
        Interrupted,     // the connection dropped after the reply had started
        Timeout,         // no bytes for the idle period
        StreamError,     // the provider sent an error inside a 200 stream
        InvalidResponse, // not an event stream, or a stream we cannot read
        TooLarge,        // the reply went past the size limit; the text up to it was kept
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Network;
    int httpStatus = 0;        // 0 when no HTTP status arrived
    QString providerMessage;   // error.message from the provider, verbatim
    QString providerType;      // error.type
    QString providerCode;      // error.code
    QString detail;            // our own words for what the transport saw (no secrets)
    QString requestId;         // the server's ID for the request, for support requests
    QString expectedApi;       // what the base URL must point to, in words, for the hint
    std::optional<std::chrono::milliseconds> retryAfter; // the server's Retry-After, if any
    std::optional<bool> shouldRetry;                     // the server's x-should-retry, if any
    qint64 receivedCharacters = 0; // how much of the reply had arrived when it failed
    std::chrono::milliseconds idleTimeout{0};            // for Timeout: the period that passed
    qint64 sizeLimit = 0;                                // for TooLarge: the limit, in UTF-8 bytes

    // One line naming the cause in words, with the provider's own message when it sent one,
    // e.g. "authentication failed (HTTP 401): Incorrect API key provided…".
    QString message() const;

    // What the user can do about it, e.g. "Check the API key in Settings".
    QString hint() const;

    // Whether the same request, sent again before any of the reply has been shown, may work.
    bool isTransient() const;

    // Builds the error for an HTTP response that was not a stream: maps the status and reads
    // the OpenAI-style JSON body {"error":{"message","type","code"}} (or a plain string error).
    static ProviderError fromHttpResponse(int status, const QByteArray &body);
};

Q_DECLARE_METATYPE(ProviderError)
