// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialpolicy.h"
#include "httptransport.h"

#include <QNetworkRequest>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Kind = ProviderError::Kind;

class TestHttpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRetryAfter_data()
    {
        QTest::addColumn<QByteArray>("retryAfterMs");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<qint64>("expected"); // -1: nullopt

        QTest::newRow("none") << QByteArray() << QByteArray() << qint64(-1);
        QTest::newRow("seconds") << QByteArray() << QByteArray("20") << qint64(20000);
        QTest::newRow("fractional seconds") << QByteArray() << QByteArray("1.5") << qint64(1500);
        QTest::newRow("spaces") << QByteArray() << QByteArray(" 3 ") << qint64(3000);
        QTest::newRow("zero") << QByteArray() << QByteArray("0") << qint64(0);
        QTest::newRow("ms") << QByteArray("250") << QByteArray() << qint64(250);
        QTest::newRow("fractional ms round up") << QByteArray("1500.2") << QByteArray() << qint64(1501);
        QTest::newRow("ms preferred") << QByteArray("300") << QByteArray("20") << qint64(300);
        QTest::newRow("bad ms falls back") << QByteArray("soon") << QByteArray("2") << qint64(2000);
        QTest::newRow("negative") << QByteArray() << QByteArray("-5") << qint64(-1);
        QTest::newRow("garbage") << QByteArray() << QByteArray("later") << qint64(-1);
        QTest::newRow("nan") << QByteArray("nan") << QByteArray() << qint64(-1);
        QTest::newRow("HTTP-date") << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:28:30 GMT")
                                   << qint64(30000);
        QTest::newRow("HTTP-date past")
            << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    }

    void parsesRetryAfter()
    {
        QFETCH(QByteArray, retryAfterMs);
        QFETCH(QByteArray, retryAfter);
        QFETCH(qint64, expected);
        const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
        const auto parsed = HttpTransport::parseRetryAfter(retryAfterMs, retryAfter, now);
        if (expected < 0) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(parsed->count(), expected);
        }
    }

    void hugeRetryAfterDoesNotOverflow()
    {
        const auto parsed = HttpTransport::parseRetryAfter({}, "1e300", QDateTime::currentDateTimeUtc());
        QVERIFY(parsed);
        QVERIFY(parsed->count() > 0);
    }

    void parsesShouldRetry()
    {
        QCOMPARE(HttpTransport::parseShouldRetry("true"), std::optional<bool>(true));
        QCOMPARE(HttpTransport::parseShouldRetry(" False "), std::optional<bool>(false));
        QCOMPARE(HttpTransport::parseShouldRetry("yes"), std::optional<bool>());
        QCOMPARE(HttpTransport::parseShouldRetry(""), std::optional<bool>());
    }

    void buildsEndpointUrls_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("expected");
        QTest::newRow("OpenAI") << u"https://api.openai.com/v1"_s
                                << u"https://api.openai.com/v1/chat/completions"_s;
        QTest::newRow("trailing slash")
            << u"https://api.openai.com/v1/"_s << u"https://api.openai.com/v1/chat/completions"_s;
        QTest::newRow("slashes") << u"http://localhost:11434/v1//"_s
                                 << u"http://localhost:11434/v1/chat/completions"_s;
        QTest::newRow("no path") << u"http://127.0.0.1:8080"_s << u"http://127.0.0.1:8080/chat/completions"_s;
        QTest::newRow("query kept") << u"https://x.example/openai/v1?api-version=2024"_s
                                    << u"https://x.example/openai/v1/chat/completions?api-version=2024"_s;
    }

    void buildsEndpointUrls()
    {
        QFETCH(QString, base);
        QFETCH(QString, expected);
        QCOMPARE(HttpTransport::endpointUrl(QUrl(base), u"chat/completions").toString(), expected);
    }

    void checksBaseUrls()
    {
        QVERIFY(!HttpTransport::checkUrl(QUrl(u"https://api.openai.com/v1"_s)));
        QVERIFY(!HttpTransport::checkUrl(QUrl(u"http://127.0.0.1:1234/v1"_s)));
        for (const QString &bad : {u"ftp://example.com/v1"_s, u"api.openai.com/v1"_s, u""_s, u"http://"_s}) {
            const auto error = HttpTransport::checkUrl(QUrl(bad));
            QVERIFY2(error, qPrintable(bad));
            QCOMPARE(error->kind, Kind::Network);
            QVERIFY(!error->isTransient());
            QVERIFY(error->message().contains(u"base URL"_s));
        }
    }

    void keepsSecretsOutOfDisplayedUrls()
    {
        const QUrl url(u"https://user:hunter2@x.example/v1/chat/completions?api-key=SECRET#frag"_s);
        const QString shown = HttpTransport::displayUrl(url);
        QCOMPARE(shown, u"https://x.example/v1/chat/completions"_s);
        const ProviderError error = HttpTransport::fromNetworkError(
            QNetworkReply::UnknownNetworkError, u"Error transferring %1 - oops"_s.arg(url.toString()), url);
        QVERIFY2(!error.message().contains(u"SECRET"_s), qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"hunter2"_s), qPrintable(error.message()));
    }

    void mapsNetworkErrors_data()
    {
        QTest::addColumn<QNetworkReply::NetworkError>("code");
        QTest::addColumn<QString>("url");
        QTest::addColumn<ProviderError::Kind>("kind");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("transient");

        QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError
                                 << u"http://127.0.0.1:1234/v1/models"_s << Kind::Network
                                 << u"could not connect to 127.0.0.1:1234: connection refused"_s << true;
        QTest::newRow("dns") << QNetworkReply::HostNotFoundError << u"https://nowhere.invalid/v1"_s
                             << Kind::Network << u"could not connect to nowhere.invalid:443: host not found"_s
                             << true;
        QTest::newRow("ipv6") << QNetworkReply::ConnectionRefusedError << u"http://[::1]/v1"_s
                              << Kind::Network << u"could not connect to [::1]:80: connection refused"_s
                              << true;
        QTest::newRow("timeout") << QNetworkReply::TimeoutError << u"https://a.example/v1"_s << Kind::Network
                                 << u"could not connect to a.example:443: the connection timed out"_s << true;
        QTest::newRow("closed")
            << QNetworkReply::RemoteHostClosedError << u"http://a.example:8000/v1"_s << Kind::Network
            << u"could not connect to a.example:8000: the server closed the connection before answering"_s
            << true;
        QTest::newRow("unknown") << QNetworkReply::UnknownNetworkError << u"http://a.example/v1"_s
                                 << Kind::Network
                                 << u"could not connect to a.example:80: Network unreachable"_s << true;
        QTest::newRow("tls") << QNetworkReply::SslHandshakeFailedError << u"https://a.example/v1"_s
                             << Kind::Tls << u"TLS handshake failed: Network unreachable"_s << false;
        QTest::newRow("insecure redirect")
            << QNetworkReply::InsecureRedirectError << u"https://a.example/v1"_s << Kind::Network
            << u"https://a.example/v1 redirected to an insecure http:// address, which Confab does not follow"_s
            << false;
        QTest::newRow("scheme") << QNetworkReply::ProtocolUnknownError << u"gopher://a.example/v1"_s
                                << Kind::Network << u"unsupported URL scheme “gopher”"_s << false;
    }

    void mapsNetworkErrors()
    {
        QFETCH(QNetworkReply::NetworkError, code);
        QFETCH(QString, url);
        QFETCH(ProviderError::Kind, kind);
        QFETCH(QString, message);
        QFETCH(bool, transient);
        const ProviderError error =
            HttpTransport::fromNetworkError(code, u"Network unreachable"_s, QUrl(url));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.message(), message);
        QCOMPARE(error.isTransient(), transient);
        QCOMPARE(error.httpStatus, 0);
    }

    void tlsErrorsFromTheReplyWin()
    {
        const ProviderError error = HttpTransport::fromNetworkError(
            QNetworkReply::SslHandshakeFailedError, u"SSL handshake failed: The certificate has expired"_s,
            QUrl(u"https://a.example/v1"_s));
        QCOMPARE(error.message(), u"TLS handshake failed: The certificate has expired"_s);
        const ProviderError listed = HttpTransport::fromNetworkError(
            QNetworkReply::SslHandshakeFailedError, u"whatever"_s, QUrl(u"https://a.example/v1"_s),
            u"The certificate is self-signed, and untrusted"_s);
        QCOMPARE(listed.message(), u"TLS handshake failed: The certificate is self-signed, and untrusted"_s);
    }

    // No redirect is followed unless guardRedirects() allows it (same origin only; see
    // tst_keyrouting): Qt's NoLessSafeRedirectPolicy let the key follow one to any https host.
    void requestsFollowOnlyGuardedRedirects()
    {
        QNetworkRequest request(QUrl(u"https://a.example/v1"_s));
        HttpTransport::prepareRequest(request);
        QCOMPARE(request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                 int(QNetworkRequest::UserVerifiedRedirectPolicy));
    }

    void loopbackIsThisMachineOnly_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("localhost") << u"http://localhost:11434/v1"_s << true;
        QTest::newRow("LOCALHOST.") << u"http://LOCALHOST.:11434/v1"_s << true;
        QTest::newRow("127.0.0.1") << u"http://127.0.0.1:8080/v1"_s << true;
        QTest::newRow("127.3.2.1") << u"http://127.3.2.1/v1"_s << true;
        QTest::newRow("::1") << u"http://[::1]:8000/v1"_s << true;
        QTest::newRow("a LAN address") << u"http://192.168.1.20:8000/v1"_s << false;
        QTest::newRow("a name") << u"http://vllm.lan:8000/v1"_s << false;
        QTest::newRow("a name starting with 127") << u"http://127.0.0.1.example.com/v1"_s << false;
        QTest::newRow("localhost as a subdomain") << u"http://localhost.example.com/v1"_s << false;
        QTest::newRow("0.0.0.0") << u"http://0.0.0.0:8000/v1"_s << false;
    }

    void loopbackIsThisMachineOnly()
    {
        QFETCH(QString, url);
        QFETCH(bool, loopback);
        QCOMPARE(CredentialPolicy::isLoopback(QUrl(url)), loopback);
    }

    void credentialsAreKnownByNameAndValue_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("credential");
        QTest::newRow("Authorization") << QByteArray("Authorization") << QByteArray("x") << true;
        QTest::newRow("x-goog-api-key") << QByteArray("x-goog-api-key") << QByteArray("g") << true;
        QTest::newRow("ends in key") << QByteArray("Ocp-Apim-Subscription-Key") << QByteArray("k") << true;
        QTest::newRow("ends in TOKEN") << QByteArray("X-TOKEN") << QByteArray("t") << true;
        QTest::newRow("ends in secret") << QByteArray("x-client-secret") << QByteArray("s") << true;
        QTest::newRow("Cookie") << QByteArray("Cookie") << QByteArray("a=b") << true;
        QTest::newRow("a Bearer value") << QByteArray("X-Proxy") << QByteArray("Bearer abc") << true;
        QTest::newRow("a basic value") << QByteArray("X-Proxy") << QByteArray("basic dXNlcg==") << true;
        QTest::newRow("an sk- value") << QByteArray("X-Upstream") << QByteArray("sk-or-v1-abc") << true;
        QTest::newRow("User-Agent") << QByteArray("User-Agent") << QByteArray("Confab/1") << false;
        QTest::newRow("anthropic-version")
            << QByteArray("anthropic-version") << QByteArray("2023-06-01") << false;
        QTest::newRow("OpenAI-Organization")
            << QByteArray("OpenAI-Organization") << QByteArray("org-1") << false;
        QTest::newRow("HTTP-Referer")
            << QByteArray("HTTP-Referer") << QByteArray("https://a.example") << false;
    }

    void credentialsAreKnownByNameAndValue()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(bool, credential);
        QCOMPARE(CredentialPolicy::carriesCredential(name, value), credential);
    }

    void plainHttpCarriesNoCredentialOffThisMachine()
    {
        QNetworkRequest lan(QUrl(u"http://192.168.1.20:8000/v1/chat/completions"_s));
        HttpTransport::prepareRequest(lan);
        lan.setRawHeader("User-Agent", "Confab/1");
        QVERIFY(!CredentialPolicy::checkRequest(lan)); // a server that needs no key
        lan.setRawHeader("Authorization", "Bearer sk-abc");
        const auto refused = CredentialPolicy::checkRequest(lan);
        QVERIFY(refused);
        QVERIFY2(refused->message().contains(u"https://") && !refused->message().contains(u"sk-abc"),
                 qPrintable(refused->message()));

        QNetworkRequest secure(QUrl(u"https://192.168.1.20:8000/v1/chat/completions"_s));
        secure.setRawHeader("Authorization", "Bearer sk-abc");
        QVERIFY(!CredentialPolicy::checkRequest(secure));
        QNetworkRequest local(QUrl(u"http://localhost:11434/v1/chat/completions"_s));
        local.setRawHeader("Authorization", "Bearer sk-abc");
        QVERIFY(!CredentialPolicy::checkRequest(local));
        QNetworkRequest withUser(QUrl(u"https://user:pw@a.example/v1"_s));
        QVERIFY(CredentialPolicy::checkRequest(withUser));
    }

    void headerValuesLoseLineBreaks()
    {
        QCOMPARE(HttpTransport::headerValue(u"  sk-abc\r\n"_s), QByteArray("sk-abc"));
        QCOMPARE(HttpTransport::headerValue(u"sk-\nabc"_s), QByteArray("sk-abc"));
        QCOMPARE(HttpTransport::headerValue(u"é"_s), QByteArray("\xc3\xa9"));
        QVERIFY(HttpTransport::headerValue(u" "_s).isEmpty());
    }

    void extraHeadersWithLineBreaksAreSkipped()
    {
        QNetworkRequest request(QUrl(u"https://a.example/v1"_s));
        request.setRawHeader("Authorization", "Bearer ours");
        QTest::ignoreMessage(QtWarningMsg, "skipping an extra header with an empty name or a line break");
        QTest::ignoreMessage(QtWarningMsg, "skipping an extra header with an empty name or a line break");
        QTest::ignoreMessage(QtWarningMsg, "skipping an extra header with an empty name or a line break");
        HttpTransport::applyExtraHeaders(request, {{"X-Proxy", "one"},
                                                   {"", "empty name"},
                                                   {"X-Bad", "a\r\nX-Injected: b"},
                                                   {"X-Bad\nName", "c"},
                                                   {"Authorization", "Bearer theirs"}});
        QCOMPARE(request.rawHeader("X-Proxy"), QByteArray("one"));
        QCOMPARE(request.rawHeader("Authorization"), QByteArray("Bearer theirs"));
        QVERIFY(!request.hasRawHeader("X-Bad"));
        QVERIFY(!request.hasRawHeader("X-Injected"));
        QCOMPARE(request.rawHeaderList().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_httptransport.moc"
