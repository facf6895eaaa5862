// SPDX-License-Identifier: GPL-3.0-or-later
// An error response of any status, headers and body into ProviderError::fromHttpResponse (and
// each wire format's errorFromHttpResponse and parseModelList), its Retry-After headers into
// parseRetryAfter and RetryPolicy. Besides not crashing and no undefined behaviour (waits near
// the limits of a millisecond count), the error always has words, its message is one bounded
// line, the status decides the kind, and no wait is below zero or beyond what the policy allows.
//
// Input: two bytes of status (big-endian), then "retry-after-ms\nretry-after\n", then the body.
#include "fuzzcheck.h"

#include "anthropicwireformat.h"
#include "geminiwireformat.h"
#include "httptransport.h"
#include "openaiwireformat.h"
#include "providererror.h"
#include "retrypolicy.h"

#include <QDateTime>
#include <QTimeZone>

using FuzzCheck::check;
using Kind = ProviderError::Kind;
using std::chrono::milliseconds;

namespace {

void checkWords(const ProviderError &error)
{
    const QString message = error.message();
    check(!message.isEmpty() && !error.hint().isEmpty(), "an error without words");
    check(!message.contains(u'\n') && !message.contains(u'\r'), "an error message of several lines");
    check(message.size() <= 1000, "an error message without bound");
    check(error.hint().size() <= 1000, "a hint without bound");
    error.isTransient();
}

Kind kindOfStatus(int status)
{
    if (status == 401 || status == 403)
        return Kind::Authentication;
    if (status == 404)
        return Kind::NotFound;
    if (status == 402)
        return Kind::QuotaExceeded;
    if (status >= 400 && status < 500)
        return status == 429 ? Kind::RateLimited : Kind::BadRequest;
    if (status >= 500 && status < 600)
        return Kind::Server;
    return Kind::InvalidResponse;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = (int(data[0]) << 8) | data[1];
    QByteArrayView rest(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);
    const qsizetype firstBreak = rest.indexOf('\n');
    const qsizetype secondBreak = firstBreak < 0 ? -1 : rest.indexOf('\n', firstBreak + 1);
    const QByteArrayView retryAfterMs = firstBreak < 0 ? QByteArrayView() : rest.first(firstBreak);
    const QByteArrayView retryAfter =
        secondBreak < 0 ? QByteArrayView() : rest.sliced(firstBreak + 1, secondBreak - firstBreak - 1);
    const QByteArray body = (secondBreak < 0 ? rest : rest.sliced(secondBreak + 1)).toByteArray();

    ProviderError error = ProviderError::fromHttpResponse(status, body);
    check(error.httpStatus == status, "the status was not kept");
    const Kind expected = kindOfStatus(status);
    check(error.kind == expected || (status == 429 && error.kind == Kind::QuotaExceeded),
          "the status did not decide the kind");

    const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), QTimeZone::utc());
    const std::optional<milliseconds> wait = HttpTransport::parseRetryAfter(retryAfterMs, retryAfter, now);
    if (wait)
        check(wait->count() >= 0, "a wait below zero");
    error.retryAfter = wait;
    HttpTransport::parseShouldRetry(retryAfter);
    checkWords(error);

    const RetryPolicy policy;
    for (int attempt = 0; attempt <= policy.maxRetries + 1; ++attempt) {
        if (const auto delay = policy.delayBeforeRetry(attempt, error)) {
            check(delay->count() >= 0 && *delay <= std::max(policy.maxDelay, policy.maxServerDelay),
                  "a retry delay outside the policy");
        }
    }

    const OpenAiWireFormat openAi;
    const AnthropicWireFormat anthropic;
    const GeminiWireFormat gemini;
    for (const ChatWireFormat *format :
         {static_cast<const ChatWireFormat *>(&openAi), static_cast<const ChatWireFormat *>(&anthropic),
          static_cast<const ChatWireFormat *>(&gemini)}) {
        ProviderError specific = format->errorFromHttpResponse(status, body);
        check(specific.httpStatus == status, "the status was not kept");
        checkWords(specific);
        if (specific.retryAfter)
            check(specific.retryAfter->count() >= 0, "a wait below zero");
        if (const auto ids = format->parseModelList(body)) {
            for (const QString &id : *ids)
                check(!id.isEmpty(), "an empty model ID");
        }
    }
    return 0;
}
