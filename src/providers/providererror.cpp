// SPDX-License-Identifier: GPL-3.0-or-later
#include "providererror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// A provider message is shown on one line; a runaway one (an HTML page, a stack trace) is cut.
constexpr qsizetype MaxShownMessage = 500;

// QLocale::c() does not group digits, and the system locale would make the text vary by machine.
QString formatCount(qint64 value)
{
    const bool negative = value < 0;
    const QString digits = QString::number(negative ? -value : value);
    QString grouped;
    grouped.reserve(digits.size() + digits.size() / 3 + 1);
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            grouped += u',';
        grouped += digits.at(i);
    }
    return negative ? u"-"_s + grouped : grouped;
}

// 16777216 → "16 MiB"; a limit that is not a whole number of MiB is given in bytes.
QString formatBytes(qint64 bytes)
{
    constexpr qint64 mebibyte = 1024 * 1024;
    if (bytes >= mebibyte && bytes % mebibyte == 0)
        return formatCount(bytes / mebibyte) + u" MiB"_s;
    return formatCount(bytes) + (bytes == 1 ? u" byte"_s : u" bytes"_s);
}

// "20 s", "1.5 s", "250 ms": whole seconds when they are whole or long enough not to matter.
QString formatSeconds(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms < 1000)
        return QString::number(ms) + u" ms"_s;
    if (ms % 1000 == 0 || ms >= 10000)
        return formatCount((ms + 500) / 1000) + u" s"_s;
    return QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

QString oneLine(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > MaxShownMessage) {
        line.truncate(MaxShownMessage - 1);
        line += u'…';
    }
    return line;
}

// error.code is a string at OpenAI, a number at some compatible servers, often null.
QString scalarToString(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

void readErrorObject(const QJsonObject &object, ProviderError &error)
{
    error.providerMessage = object.value("message"_L1).toString();
    error.providerType = object.value("type"_L1).toString();
    if (error.providerType.isEmpty())
        error.providerType = object.value("status"_L1).toString(); // Google's spelling
    error.providerCode = scalarToString(object.value("code"_L1));
}

// Reads whatever shape of error the body has: OpenAI's {"error":{message,type,code}}, a plain
// string error (Ollama, LM Studio), vLLM's top-level {"message","type","code"}, FastAPI's
// {"detail": "..."}, a one-element array around any of those, or no JSON at all.
void readBody(const QByteArray &body, ProviderError &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError) {
        QJsonObject root = document.object();
        if (document.isArray() && !document.array().isEmpty())
            root = document.array().first().toObject();
        const QJsonValue nested = root.value("error"_L1);
        if (nested.isObject()) {
            readErrorObject(nested.toObject(), error);
        } else if (nested.isString()) {
            error.providerMessage = nested.toString();
            error.providerType = root.value("type"_L1).toString();
            error.providerCode = scalarToString(root.value("code"_L1));
        } else if (root.value("message"_L1).isString()) {
            readErrorObject(root, error);
        } else if (root.value("detail"_L1).isString()) {
            error.providerMessage = root.value("detail"_L1).toString();
        }
        return;
    }

    // Not JSON: a proxy's or web server's own page. Its title says most ("502 Bad Gateway").
    const QString text = QString::fromUtf8(body).trimmed();
    if (text.startsWith(u'<')) {
        static const QRegularExpression title(u"<title[^>]*>(.*?)</title>"_s,
                                              QRegularExpression::CaseInsensitiveOption |
                                                  QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch match = title.match(text);
        if (match.hasMatch())
            error.providerMessage = oneLine(match.captured(1));
    } else {
        error.providerMessage = oneLine(text);
    }
}

bool isInsufficientQuota(const ProviderError &error)
{
    const QLatin1StringView quota("insufficient_quota");
    return error.providerType == quota || error.providerCode == quota;
}

} // namespace

QString ProviderError::message() const
{
    const QString status = httpStatus > 0 ? u" (HTTP %1)"_s.arg(httpStatus) : QString();
    QString text;
    switch (kind) {
    case Kind::Authentication:
        text = u"authentication failed"_s + status;
        break;
    case Kind::NotFound:
        text = u"model or endpoint not found"_s + status;
        break;
    case Kind::RateLimited:
        text = u"rate limited"_s + status;
        if (retryAfter && retryAfter->count() > 0)
            text += u", retry after "_s + formatSeconds(*retryAfter);
        break;
    case Kind::QuotaExceeded:
        text = u"quota exceeded"_s + status;
        break;
    case Kind::BadRequest:
        text = u"request rejected"_s + status;
        break;
    case Kind::Server:
        text = u"server error"_s + status;
        break;
    case Kind::Network:
        text = detail.isEmpty() ? u"could not reach the server"_s : detail;
        break;
    case Kind::Tls:
        text = u"TLS handshake failed"_s;
        if (!detail.isEmpty())
            text += u": "_s + detail;
        break;
    case Kind::Interrupted:
        text = u"connection interrupted after %1 %2"_s.arg(
            formatCount(receivedCharacters), receivedCharacters == 1 ? u"character"_s : u"characters"_s);
        break;
    case Kind::Timeout:
        text = u"timed out: no data for "_s + formatSeconds(idleTimeout);
        break;
    case Kind::StreamError:
        text = u"the server reported an error mid-stream"_s;
        break;
    case Kind::InvalidResponse:
        text = (detail.isEmpty() ? u"the server's response could not be read"_s : detail) + status;
        break;
    case Kind::TooLarge:
        text = u"the reply was cut off at the size limit of %1"_s.arg(formatBytes(sizeLimit));
        break;
    }

    QString fromProvider = providerMessage;
    if (fromProvider.trimmed().isEmpty())
        fromProvider = !providerCode.isEmpty() ? providerCode : providerType;
    if (!fromProvider.trimmed().isEmpty())
        text += u": "_s + oneLine(fromProvider);
    return text;
}

QString ProviderError::hint() const
{
    switch (kind) {
    case Kind::Authentication:
        return u"Check the API key for this provider: it may be mistyped, revoked, or lack access to "
               u"this model or project."_s;
    case Kind::NotFound:
        return u"Check the model name (list the available ones with `confab-cli models`) and the "
               u"provider's base URL."_s;
    case Kind::RateLimited:
        if (retryAfter && retryAfter->count() > 0)
            return u"Wait %1 and try again, or lower your request rate."_s.arg(formatSeconds(*retryAfter));
        return u"Wait a moment and try again, or lower your request rate."_s;
    case Kind::QuotaExceeded:
        return u"Check your plan and billing details with the provider; waiting will not help."_s;
    case Kind::BadRequest:
        return u"Check the model and its settings (temperature, top-p, max tokens); the conversation "
               u"may also be too long for the model."_s;
    case Kind::Server:
        if (!requestId.isEmpty())
            return u"The provider's server failed; try again in a minute. If it keeps failing, give "
                   u"the provider the request ID %1."_s.arg(requestId);
        return u"The provider's server failed; try again in a minute."_s;
    case Kind::Network:
        return u"Check the base URL, that the server is running, and your network or proxy "
               u"settings."_s;
    case Kind::Tls:
        return u"Check the base URL (https or http) and the system clock; the server's certificate "
               u"must be valid and trusted by this system."_s;
    case Kind::Interrupted:
        return u"The partial reply was kept; regenerate to try again."_s;
    case Kind::Timeout:
        return u"The server stopped sending data; check that it is still running, then try again."_s;
    case Kind::StreamError:
        return u"Try again; if it keeps failing, try another model."_s;
    case Kind::InvalidResponse:
        return u"Check the base URL: it must point to %1."_s.arg(
            expectedApi.isEmpty() ? u"the provider's API"_s : expectedApi);
    case Kind::TooLarge:
        return u"The text up to the limit was kept. A reply this long usually means the server or "
               u"model is misbehaving; check it, or ask for a shorter answer."_s;
    }
    return {};
}

bool ProviderError::isTransient() const
{
    if (kind == Kind::QuotaExceeded)
        return false;
    // The server's x-should-retry beats our guess from the status. The transport also sets it
    // to false for failures that sending again cannot fix (an unsupported scheme, a redirect loop).
    if (shouldRetry)
        return *shouldRetry;
    switch (kind) {
    case Kind::RateLimited:
        return true;
    case Kind::Server:
        return httpStatus == 500 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
    case Kind::Network:
        return true;
    default:
        return false;
    }
}

ProviderError ProviderError::fromHttpResponse(int status, const QByteArray &body)
{
    ProviderError error;
    error.httpStatus = status;
    readBody(body, error);

    if (status == 401 || status == 403)
        error.kind = Kind::Authentication;
    else if (status == 404)
        error.kind = Kind::NotFound;
    else if (status == 402 || (status == 429 && isInsufficientQuota(error)))
        error.kind = Kind::QuotaExceeded; // 402: OpenRouter's "insufficient credits"
    else if (status == 429)
        error.kind = Kind::RateLimited;
    else if (status >= 400 && status < 500)
        error.kind = Kind::BadRequest;
    else if (status >= 500 && status < 600)
        error.kind = Kind::Server;
    else
        error.kind = Kind::InvalidResponse;
    return error;
}
