// SPDX-License-Identifier: GPL-3.0-or-later
#include "providererror.h"
#include "retrypolicy.h"

#include <QSet>
#include <QTest>

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Kind = ProviderError::Kind;

namespace {

ProviderError httpError(int status, Kind kind)
{
    ProviderError error;
    error.kind = kind;
    error.httpStatus = status;
    return error;
}

ProviderError rateLimited()
{
    return httpError(429, Kind::RateLimited);
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backoffDoublesUpToTheCap_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("1") << 1 << qint64(500);
        QTest::newRow("2") << 2 << qint64(1000);
        QTest::newRow("3") << 3 << qint64(2000);
        QTest::newRow("4") << 4 << qint64(4000);
        QTest::newRow("5 reaches the cap") << 5 << qint64(8000);
        QTest::newRow("6 stays at the cap") << 6 << qint64(8000);
        QTest::newRow("1000 does not overflow") << 1000 << qint64(8000);
        QTest::newRow("0 counts as the first") << 0 << qint64(500);
    }

    void backoffDoublesUpToTheCap()
    {
        QFETCH(int, attempt);
        QFETCH(qint64, expected);
        const RetryPolicy policy; // 500 ms base, 8 s cap
        QCOMPARE(policy.backoff(attempt).count(), expected);
    }

    void backoffCapsABaseAboveTheCap()
    {
        RetryPolicy policy;
        policy.baseDelay = 10s;
        policy.maxDelay = 3s;
        QCOMPARE(policy.backoff(1), milliseconds(3000));
        policy.baseDelay = 0ms;
        QCOMPARE(policy.backoff(3), milliseconds(0));
    }

    void jitterStaysWithinAQuarterBelowTheBackoff()
    {
        RetryPolicy policy;
        policy.maxRetries = 10;
        for (int attempt = 1; attempt <= 6; ++attempt) {
            const qint64 full = policy.backoff(attempt).count();
            QSet<qint64> seen;
            for (int i = 0; i < 400; ++i) {
                const auto delay = policy.delayBeforeRetry(attempt, rateLimited());
                QVERIFY(delay);
                QVERIFY2(delay->count() <= full, qPrintable(QString::number(delay->count())));
                QVERIFY2(delay->count() >= full - full / 4, qPrintable(QString::number(delay->count())));
                seen.insert(delay->count());
            }
            QVERIFY2(seen.size() > 10, "the delays should be spread, not fixed");
            QVERIFY(policy.delayBeforeRetry(attempt, rateLimited())->count() <= policy.maxDelay.count());
        }
    }

    void retriesAtMostMaxRetries()
    {
        RetryPolicy policy;
        policy.maxRetries = 2;
        QVERIFY(!policy.delayBeforeRetry(0, rateLimited()));
        QVERIFY(policy.delayBeforeRetry(1, rateLimited()));
        QVERIFY(policy.delayBeforeRetry(2, rateLimited()));
        QVERIFY(!policy.delayBeforeRetry(3, rateLimited()));
        policy.maxRetries = 0;
        QVERIFY(!policy.delayBeforeRetry(1, rateLimited()));
    }

    void retriesOnlyTransientErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ProviderError::Kind>("kind");
        QTest::addColumn<bool>("retried");
        QTest::newRow("429") << 429 << Kind::RateLimited << true;
        QTest::newRow("500") << 500 << Kind::Server << true;
        QTest::newRow("502") << 502 << Kind::Server << true;
        QTest::newRow("503") << 503 << Kind::Server << true;
        QTest::newRow("504") << 504 << Kind::Server << true;
        QTest::newRow("network") << 0 << Kind::Network << true;
        QTest::newRow("501") << 501 << Kind::Server << false;
        QTest::newRow("505") << 505 << Kind::Server << false;
        QTest::newRow("quota") << 429 << Kind::QuotaExceeded << false;
        QTest::newRow("401") << 401 << Kind::Authentication << false;
        QTest::newRow("404") << 404 << Kind::NotFound << false;
        QTest::newRow("400") << 400 << Kind::BadRequest << false;
        QTest::newRow("tls") << 0 << Kind::Tls << false;
        QTest::newRow("interrupted") << 200 << Kind::Interrupted << false;
        QTest::newRow("timeout") << 0 << Kind::Timeout << false;
        QTest::newRow("stream error") << 200 << Kind::StreamError << false;
        QTest::newRow("invalid response") << 200 << Kind::InvalidResponse << false;
    }

    void retriesOnlyTransientErrors()
    {
        QFETCH(int, status);
        QFETCH(ProviderError::Kind, kind);
        QFETCH(bool, retried);
        const ProviderError error = httpError(status, kind);
        QCOMPARE(error.isTransient(), retried);
        QCOMPARE(RetryPolicy().delayBeforeRetry(1, error).has_value(), retried);
    }

    void honoursTheServersRetryAfter()
    {
        const RetryPolicy policy;
        ProviderError error = rateLimited();
        error.retryAfter = 20s;
        QCOMPARE(policy.delayBeforeRetry(1, error), std::optional<milliseconds>(20s));
        // Shorter than our own backoff, too: the server knows.
        error.retryAfter = 50ms;
        QCOMPARE(policy.delayBeforeRetry(2, error), std::optional<milliseconds>(50ms));
        // Exactly the longest wait we accept.
        error.retryAfter = policy.maxServerDelay;
        QCOMPARE(policy.delayBeforeRetry(1, error), std::optional<milliseconds>(policy.maxServerDelay));
        // Still bounded by the number of retries.
        error.retryAfter = 1s;
        QVERIFY(!policy.delayBeforeRetry(policy.maxRetries + 1, error));
    }

    void refusesARetryAfterLongerThanMaxServerDelay()
    {
        RetryPolicy policy;
        policy.maxServerDelay = 60s;
        ProviderError error = httpError(503, Kind::Server);
        error.retryAfter = 61s;
        QVERIFY(!policy.delayBeforeRetry(1, error));
        error.retryAfter = 1h;
        QVERIFY(!policy.delayBeforeRetry(1, error));
    }

    void aZeroRetryAfterFallsBackToTheBackoff()
    {
        const RetryPolicy policy;
        ProviderError error = rateLimited();
        error.retryAfter = 0ms;
        const auto delay = policy.delayBeforeRetry(2, error);
        QVERIFY(delay);
        QVERIFY(delay->count() <= 1000 && delay->count() >= 750);
    }

    void xShouldRetryOverridesTheStatus()
    {
        const RetryPolicy policy;
        ProviderError overloaded = httpError(503, Kind::Server);
        overloaded.shouldRetry = false;
        QVERIFY(!overloaded.isTransient());
        QVERIFY(!policy.delayBeforeRetry(1, overloaded));

        ProviderError conflict = httpError(409, Kind::BadRequest);
        conflict.shouldRetry = true;
        QVERIFY(conflict.isTransient());
        QVERIFY(policy.delayBeforeRetry(1, conflict));

        // Waiting never fixes an empty account, whatever the header says.
        ProviderError quota = httpError(429, Kind::QuotaExceeded);
        quota.shouldRetry = true;
        QVERIFY(!quota.isTransient());
        QVERIFY(!policy.delayBeforeRetry(1, quota));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
