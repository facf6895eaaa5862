// SPDX-License-Identifier: GPL-3.0-or-later
#include "providererror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ProviderError::Kind;

namespace {

// OpenAI's error body; a null code stays JSON null.
QByteArray openAiBody(const char *message, const char *type, const char *code)
{
    const QJsonObject error{{u"message"_s, QString::fromUtf8(message)},
                            {u"type"_s, QString::fromUtf8(type)},
                            {u"param"_s, QJsonValue::Null},
                            {u"code"_s, code ? QJsonValue(QString::fromUtf8(code)) : QJsonValue::Null}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

ProviderError ofKind(Kind kind)
{
    ProviderError error;
    error.kind = kind;
    return error;
}

} // namespace

class TestProviderError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsStatusAndBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ProviderError::Kind>("kind");
        QTest::addColumn<QString>("providerMessage");
        QTest::addColumn<QString>("providerType");
        QTest::addColumn<QString>("providerCode");
        QTest::addColumn<bool>("transient");

        QTest::newRow("401 bad key") << 401
                                     << openAiBody("Incorrect API key provided: sk-abc***xyz.",
                                                   "invalid_request_error", "invalid_api_key")
                                     << Kind::Authentication << u"Incorrect API key provided: sk-abc***xyz."_s
                                     << u"invalid_request_error"_s << u"invalid_api_key"_s << false;
        QTest::newRow("403 region") << 403
                                    << openAiBody("Country, region, or territory not supported",
                                                  "request_forbidden", "unsupported_country_region_territory")
                                    << Kind::Authentication
                                    << u"Country, region, or territory not supported"_s
                                    << u"request_forbidden"_s << u"unsupported_country_region_territory"_s
                                    << false;
        QTest::newRow("404 model") << 404
                                   << openAiBody(
                                          "The model `gpt-5` does not exist or you do not have access to it.",
                                          "invalid_request_error", "model_not_found")
                                   << Kind::NotFound
                                   << u"The model `gpt-5` does not exist or you do not have access to it."_s
                                   << u"invalid_request_error"_s << u"model_not_found"_s << false;
        QTest::newRow("429 rate limit")
            << 429 << openAiBody("Rate limit reached for gpt-4o", "requests", "rate_limit_exceeded")
            << Kind::RateLimited << u"Rate limit reached for gpt-4o"_s << u"requests"_s
            << u"rate_limit_exceeded"_s << true;
        QTest::newRow("429 insufficient_quota type")
            << 429
            << openAiBody("You exceeded your current quota", "insufficient_quota", "insufficient_quota")
            << Kind::QuotaExceeded << u"You exceeded your current quota"_s << u"insufficient_quota"_s
            << u"insufficient_quota"_s << false;
        QTest::newRow("429 insufficient_quota code only")
            << 429 << openAiBody("You exceeded your current quota", "billing", "insufficient_quota")
            << Kind::QuotaExceeded << u"You exceeded your current quota"_s << u"billing"_s
            << u"insufficient_quota"_s << false;
        QTest::newRow("402 credits") << 402
                                     << QByteArray(
                                            R"({"error":{"message":"Insufficient credits","code":402}})")
                                     << Kind::QuotaExceeded << u"Insufficient credits"_s << QString()
                                     << u"402"_s << false;
        QTest::newRow("400 context") << 400
                                     << openAiBody("This model's maximum context length is 128000 tokens.",
                                                   "invalid_request_error", "context_length_exceeded")
                                     << Kind::BadRequest
                                     << u"This model's maximum context length is 128000 tokens."_s
                                     << u"invalid_request_error"_s << u"context_length_exceeded"_s << false;
        QTest::newRow("422") << 422 << QByteArray(R"({"detail":"Field required"})") << Kind::BadRequest
                             << u"Field required"_s << QString() << QString() << false;
        QTest::newRow("500") << 500 << openAiBody("The server had an error", "server_error", nullptr)
                             << Kind::Server << u"The server had an error"_s << u"server_error"_s << QString()
                             << true;
        QTest::newRow("502") << 502 << QByteArray() << Kind::Server << QString() << QString() << QString()
                             << true;
        QTest::newRow("503") << 503
                             << openAiBody("The engine is currently overloaded", "server_error", nullptr)
                             << Kind::Server << u"The engine is currently overloaded"_s << u"server_error"_s
                             << QString() << true;
        QTest::newRow("504") << 504 << QByteArray() << Kind::Server << QString() << QString() << QString()
                             << true;
        QTest::newRow("501") << 501 << QByteArray() << Kind::Server << QString() << QString() << QString()
                             << false;
        QTest::newRow("plain string error (Ollama)")
            << 404 << QByteArray(R"({"error":"model llama9 not found, try pulling it first"})")
            << Kind::NotFound << u"model llama9 not found, try pulling it first"_s << QString() << QString()
            << false;
        QTest::newRow("vLLM top level")
            << 400
            << QByteArray(
                   R"({"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400})")
            << Kind::BadRequest << u"max_tokens is too large"_s << u"BadRequestError"_s << u"400"_s << false;
        QTest::newRow("llama.cpp numeric code")
            << 503
            << QByteArray(R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})")
            << Kind::Server << u"Loading model"_s << u"unavailable_error"_s << u"503"_s << true;
        QTest::newRow("Gemini array")
            << 429
            << QByteArray(
                   R"([{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}])")
            << Kind::RateLimited << u"Resource has been exhausted"_s << u"RESOURCE_EXHAUSTED"_s << u"429"_s
            << true;
        QTest::newRow("missing body")
            << 401 << QByteArray() << Kind::Authentication << QString() << QString() << QString() << false;
        QTest::newRow("empty object")
            << 500 << QByteArray("{}") << Kind::Server << QString() << QString() << QString() << true;
        QTest::newRow("plain text") << 502 << QByteArray("upstream connect error\n or disconnect\n")
                                    << Kind::Server << u"upstream connect error or disconnect"_s << QString()
                                    << QString() << true;
        QTest::newRow("HTML page")
            << 502
            << QByteArray(
                   "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>")
            << Kind::Server << u"502 Bad Gateway"_s << QString() << QString() << true;
        QTest::newRow("HTML without title") << 404 << QByteArray("<html><body>Not here</body></html>")
                                            << Kind::NotFound << QString() << QString() << QString() << false;
        QTest::newRow("truncated JSON")
            << 500 << QByteArray("{\"error\":{\"message\":\"boo") << Kind::Server
            << u"{\"error\":{\"message\":\"boo"_s << QString() << QString() << true;
        QTest::newRow("200 is not an error status") << 200 << QByteArray("{}") << Kind::InvalidResponse
                                                    << QString() << QString() << QString() << false;
    }

    void mapsStatusAndBody()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(ProviderError::Kind, kind);
        QFETCH(QString, providerMessage);
        QFETCH(QString, providerType);
        QFETCH(QString, providerCode);
        QFETCH(bool, transient);

        const ProviderError error = ProviderError::fromHttpResponse(status, body);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.providerMessage, providerMessage);
        QCOMPARE(error.providerType, providerType);
        QCOMPARE(error.providerCode, providerCode);
        QCOMPARE(error.isTransient(), transient);
    }

    void messageWording_data()
    {
        QTest::addColumn<ProviderError>("error");
        QTest::addColumn<QString>("message");

        QTest::newRow("401")
            << ProviderError::fromHttpResponse(401, openAiBody("Incorrect API key provided: sk-abc***xyz.",
                                                               "invalid_request_error", "invalid_api_key"))
            << u"authentication failed (HTTP 401): Incorrect API key provided: sk-abc***xyz."_s;
        QTest::newRow("404") << ProviderError::fromHttpResponse(
                                    404, openAiBody("The model `gpt-5` does not exist",
                                                    "invalid_request_error", "model_not_found"))
                             << u"model or endpoint not found (HTTP 404): The model `gpt-5` does not exist"_s;
        ProviderError limited =
            ProviderError::fromHttpResponse(429, openAiBody("Rate limit reached", "requests", nullptr));
        limited.retryAfter = 20s;
        QTest::newRow("429 retry after")
            << limited << u"rate limited (HTTP 429), retry after 20 s: Rate limit reached"_s;
        limited.retryAfter = 1500ms;
        QTest::newRow("429 fractional")
            << limited << u"rate limited (HTTP 429), retry after 1.5 s: Rate limit reached"_s;
        limited.retryAfter = 250ms;
        QTest::newRow("429 milliseconds")
            << limited << u"rate limited (HTTP 429), retry after 250 ms: Rate limit reached"_s;
        limited.retryAfter = 90s;
        QTest::newRow("429 long") << limited
                                  << u"rate limited (HTTP 429), retry after 90 s: Rate limit reached"_s;
        limited.retryAfter.reset();
        QTest::newRow("429 no wait") << limited << u"rate limited (HTTP 429): Rate limit reached"_s;
        QTest::newRow("quota") << ProviderError::fromHttpResponse(
                                      429, openAiBody("You exceeded your current quota", "insufficient_quota",
                                                      "insufficient_quota"))
                               << u"quota exceeded (HTTP 429): You exceeded your current quota"_s;
        QTest::newRow("400") << ProviderError::fromHttpResponse(
                                    400, openAiBody("Bad temperature", "invalid_request_error", nullptr))
                             << u"request rejected (HTTP 400): Bad temperature"_s;
        QTest::newRow("503") << ProviderError::fromHttpResponse(
                                    503, openAiBody("Overloaded", "server_error", nullptr))
                             << u"server error (HTTP 503): Overloaded"_s;
        QTest::newRow("500 without body")
            << ProviderError::fromHttpResponse(500, {}) << u"server error (HTTP 500)"_s;
        QTest::newRow("only a type") << ProviderError::fromHttpResponse(
                                            500, R"({"error":{"type":"server_error"}})")
                                     << u"server error (HTTP 500): server_error"_s;

        ProviderError network = ofKind(Kind::Network);
        network.detail = u"could not connect to 127.0.0.1:1234: connection refused"_s;
        QTest::newRow("network") << network << u"could not connect to 127.0.0.1:1234: connection refused"_s;
        QTest::newRow("network without detail") << ofKind(Kind::Network) << u"could not reach the server"_s;

        ProviderError tls = ofKind(Kind::Tls);
        tls.detail = u"The certificate has expired"_s;
        QTest::newRow("tls") << tls << u"TLS handshake failed: The certificate has expired"_s;

        ProviderError interrupted = ofKind(Kind::Interrupted);
        interrupted.receivedCharacters = 1234;
        QTest::newRow("interrupted 1,234")
            << interrupted << u"connection interrupted after 1,234 characters"_s;
        interrupted.receivedCharacters = 1234567;
        QTest::newRow("interrupted 1,234,567")
            << interrupted << u"connection interrupted after 1,234,567 characters"_s;
        interrupted.receivedCharacters = 999;
        QTest::newRow("interrupted 999") << interrupted << u"connection interrupted after 999 characters"_s;
        interrupted.receivedCharacters = 100000;
        QTest::newRow("interrupted 100,000")
            << interrupted << u"connection interrupted after 100,000 characters"_s;
        interrupted.receivedCharacters = 1;
        QTest::newRow("interrupted 1") << interrupted << u"connection interrupted after 1 character"_s;
        interrupted.receivedCharacters = 0;
        QTest::newRow("interrupted 0") << interrupted << u"connection interrupted after 0 characters"_s;

        ProviderError timeout = ofKind(Kind::Timeout);
        timeout.idleTimeout = 60s;
        QTest::newRow("timeout") << timeout << u"timed out: no data for 60 s"_s;
        timeout.idleTimeout = 2500ms;
        QTest::newRow("short timeout") << timeout << u"timed out: no data for 2.5 s"_s;

        ProviderError midStream = ofKind(Kind::StreamError);
        midStream.providerMessage = u"The server had an error while processing your request."_s;
        QTest::newRow("stream error")
            << midStream
            << u"the server reported an error mid-stream: The server had an error while processing your request."_s;

        ProviderError invalid =
            ProviderError::fromHttpResponse(200, R"({"error":{"message":"no such model"}})");
        invalid.detail = u"the server sent a JSON document instead of an event stream"_s;
        QTest::newRow("invalid response")
            << invalid
            << u"the server sent a JSON document instead of an event stream (HTTP 200): no such model"_s;

        ProviderError multiline = ProviderError::fromHttpResponse(
            400, "{\"error\":{\"message\":\"first line\\n  second\\tline\\n\"}}");
        QTest::newRow("one line") << multiline << u"request rejected (HTTP 400): first line second line"_s;
    }

    void messageWording()
    {
        QFETCH(ProviderError, error);
        QFETCH(QString, message);
        QCOMPARE(error.message(), message);
        QVERIFY(!error.message().contains(u'\n'));
    }

    void longProviderMessagesAreCut()
    {
        const QByteArray body =
            openAiBody(QByteArray(5000, 'x').constData(), "invalid_request_error", nullptr);
        const ProviderError error = ProviderError::fromHttpResponse(400, body);
        QCOMPARE(error.providerMessage.size(), 5000); // kept verbatim
        QVERIFY(error.message().size() < 600);
        QVERIFY(error.message().endsWith(u'…'));
    }

    void hintsSayWhatToDo_data()
    {
        QTest::addColumn<ProviderError::Kind>("kind");
        QTest::addColumn<QString>("keyword");
        QTest::newRow("authentication") << Kind::Authentication << u"API key"_s;
        QTest::newRow("not found") << Kind::NotFound << u"confab-cli models"_s;
        QTest::newRow("rate limited") << Kind::RateLimited << u"Wait"_s;
        QTest::newRow("quota") << Kind::QuotaExceeded << u"billing"_s;
        QTest::newRow("bad request") << Kind::BadRequest << u"too long"_s;
        QTest::newRow("server") << Kind::Server << u"try again"_s;
        QTest::newRow("network") << Kind::Network << u"base URL"_s;
        QTest::newRow("tls") << Kind::Tls << u"certificate"_s;
        QTest::newRow("interrupted") << Kind::Interrupted << u"kept"_s;
        QTest::newRow("timeout") << Kind::Timeout << u"running"_s;
        QTest::newRow("stream error") << Kind::StreamError << u"another model"_s;
        QTest::newRow("invalid response") << Kind::InvalidResponse << u"base URL"_s;
    }

    void hintsSayWhatToDo()
    {
        QFETCH(ProviderError::Kind, kind);
        QFETCH(QString, keyword);
        const QString hint = ofKind(kind).hint();
        QVERIFY2(hint.contains(keyword), qPrintable(hint));
    }

    void everyKindHasItsOwnHint()
    {
        const QMetaEnum kinds = QMetaEnum::fromType<ProviderError::Kind>();
        QSet<QString> hints;
        for (int i = 0; i < kinds.keyCount(); ++i) {
            const QString hint = ofKind(Kind(kinds.value(i))).hint();
            QVERIFY2(!hint.isEmpty(), kinds.key(i));
            QVERIFY2(!ofKind(Kind(kinds.value(i))).message().isEmpty(), kinds.key(i));
            hints.insert(hint);
        }
        QCOMPARE(hints.size(), kinds.keyCount());
    }

    void rateLimitHintNamesTheWait()
    {
        ProviderError error = ProviderError::fromHttpResponse(429, {});
        error.retryAfter = 20s;
        QVERIFY2(error.hint().contains(u"20 s"_s), qPrintable(error.hint()));
    }

    void invalidResponseHintNamesTheExpectedApi()
    {
        ProviderError error = ofKind(Kind::InvalidResponse);
        QVERIFY2(error.hint().contains(u"the provider's API"_s), qPrintable(error.hint()));
        error.expectedApi = u"Google's Gemini API (it often ends in /v1beta)"_s;
        QCOMPARE(error.hint(),
                 u"Check the base URL: it must point to Google's Gemini API (it often ends in /v1beta)."_s);
    }

    void serverHintNamesTheRequestId()
    {
        ProviderError error = ProviderError::fromHttpResponse(500, {});
        error.requestId = u"req_abc123"_s;
        QVERIFY(error.hint().contains(u"req_abc123"_s));
    }

    void isAGadgetWithReadableProperties()
    {
        const ProviderError error = ProviderError::fromHttpResponse(404, openAiBody("nope", "x", nullptr));
        const QMetaObject &meta = ProviderError::staticMetaObject;
        const QMetaProperty message = meta.property(meta.indexOfProperty("message"));
        QCOMPARE(message.readOnGadget(&error).toString(), error.message());
        const QMetaProperty hint = meta.property(meta.indexOfProperty("hint"));
        QCOMPARE(hint.readOnGadget(&error).toString(), error.hint());
    }
};

QTEST_GUILESS_MAIN(TestProviderError)
#include "tst_providererror.moc"
