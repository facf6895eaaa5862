// SPDX-License-Identifier: GPL-3.0-or-later
#include "geminijson.h"
#include "geminiwireformat.h"
#include "sseevent.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using EventKind = ChatStreamEvent::Kind;
using Json = GeminiJson;

namespace {

SseEvent sseEvent(const QByteArray &data)
{
    SseEvent e;
    e.type = u"message"_s;
    e.data = data;
    return e;
}

} // namespace

class TestGeminiWireFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunkWithTextUsageAndModel()
    {
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(Json::textChunk(u"Rain"_s, {}, Json::usage(12, -1))), out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.content, u"Rain"_s);
        QCOMPARE(out.model, u"gemini-2.0-flash"_s);
        QVERIFY(out.finishReason.isEmpty());
        QCOMPARE(out.usage.value_or(TokenUsage{}), (TokenUsage{12, 0, 12, 0}));

        // The same usage again is not news; after reset() it is.
        format.decodeEvent(sseEvent(Json::textChunk(u"!"_s, {}, Json::usage(12, -1))), out);
        QVERIFY(!out.usage);
        format.reset();
        format.decodeEvent(sseEvent(Json::textChunk(u"!"_s, {}, Json::usage(12, -1))), out);
        QVERIFY(out.usage);
    }

    void tokenCountsSaturate()
    {
        // A server may send any integer: the sums stop at the largest count instead of
        // overflowing, and a count below zero reads as none.
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],"
                                    "\"usageMetadata\":{\"promptTokenCount\":9223372036854775807,"
                                    "\"candidatesTokenCount\":9223372036854775807,"
                                    "\"thoughtsTokenCount\":9223372036854775807}}"),
                           out);
        QCOMPARE(out.usage.value_or(TokenUsage{}), (TokenUsage{max, max, max, max}));

        format.decodeEvent(sseEvent("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}]}}],"
                                    "\"usageMetadata\":{\"promptTokenCount\":-3,\"candidatesTokenCount\":-4,"
                                    "\"thoughtsTokenCount\":-9223372036854775807,\"totalTokenCount\":-9}}"),
                           out);
        QCOMPARE(out.usage.value_or(TokenUsage{1, 1, 1, 1}), (TokenUsage{0, 0, 0, 0}));
    }

    void spacedJsonAsTheLiveServiceWritesIt()
    {
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": "
                     "\"model\"},\"finishReason\": \"STOP\",\"index\": 0}]}"),
            out);
        QCOMPARE(out.content, u"Hi"_s);
        QCOMPARE(out.finishReason, u"stop"_s);
    }

    void finishReasons()
    {
        QCOMPARE(GeminiWireFormat::finishReason(u"STOP"_s), u"stop"_s);
        QCOMPARE(GeminiWireFormat::finishReason(u"MAX_TOKENS"_s), u"length"_s);
        QCOMPARE(GeminiWireFormat::finishReason(u"SAFETY"_s), u"content_filter"_s);
        QCOMPARE(GeminiWireFormat::finishReason(u"PROHIBITED_CONTENT"_s), u"content_filter"_s);
        QCOMPARE(GeminiWireFormat::finishReason(u"OTHER"_s), u"other"_s);
        QCOMPARE(GeminiWireFormat::finishReason(u"FINISH_REASON_UNSPECIFIED"_s), QString());
        QCOMPARE(GeminiWireFormat::finishReason(QString()), QString());
    }

    void aFunctionCallEndsAsAToolCall()
    {
        // Gemini says STOP after a function call: the call is what says the model wants a tool.
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me look.\"}],"
                                    "\"role\":\"model\"},\"index\":0}]}"),
                           out);
        QVERIFY(out.finishReason.isEmpty());
        format.decodeEvent(sseEvent("{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":"
                                    "\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}],\"role\":\"model\"},"
                                    "\"finishReason\":\"STOP\",\"index\":0}]}"),
                           out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.finishReason, u"tool_calls"_s);
        // A new reply starts without it.
        format.reset();
        format.decodeEvent(sseEvent("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},"
                                    "\"finishReason\":\"STOP\",\"index\":0}]}"),
                           out);
        QCOMPARE(out.finishReason, u"stop"_s);
    }

    void theFirstCandidateByIndex()
    {
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent("{\"candidates\":[{\"index\":1,\"content\":{\"parts\":[{\"text\":\"B\"}]}},"
                     "{\"index\":0,\"content\":{\"parts\":[{\"text\":\"A\"}]}}]}"),
            out);
        QCOMPARE(out.content, u"A"_s);
    }

    void errorChunkIsAStreamError()
    {
        GeminiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(Json::error(503, u"Overloaded"_s, u"UNAVAILABLE"_s)), out);
        QCOMPARE(out.kind, EventKind::Error);
        QVERIFY(out.error);
        QCOMPARE(out.error->providerType, u"UNAVAILABLE"_s);
        QCOMPARE(out.error->providerCode, u"503"_s);
        QCOMPARE(out.error->providerMessage, u"Overloaded"_s);
        QVERIFY(out.error->isTransient());
    }

    void unreadableDataIsInvalid()
    {
        GeminiWireFormat format;
        ChatStreamEvent out;
        for (const QByteArray &data :
             {QByteArray("{\"candidates\": ["), QByteArray("7"), QByteArray(), QByteArray("[]")}) {
            format.decodeEvent(sseEvent(data), out);
            QCOMPARE(out.kind, EventKind::Invalid);
        }
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ProviderError::Kind>("kind");
        using K = ProviderError::Kind;
        QTest::newRow("400 bad key") << 400
                                     << Json::error(400, u"API key not valid."_s, u"INVALID_ARGUMENT"_s,
                                                    {Json::errorInfo(u"API_KEY_INVALID"_s)})
                                     << K::Authentication;
        QTest::newRow("400 expired key") << 400
                                         << Json::error(400, u"API key expired."_s, u"INVALID_ARGUMENT"_s,
                                                        {Json::errorInfo(u"API_KEY_EXPIRED"_s)})
                                         << K::Authentication;
        QTest::newRow("401") << 401 << Json::error(401, u"No credentials"_s, u"UNAUTHENTICATED"_s)
                             << K::Authentication;
        QTest::newRow("400 location")
            << 400
            << Json::error(400, u"User location is not supported for the API use."_s,
                           u"FAILED_PRECONDITION"_s)
            << K::BadRequest;
        QTest::newRow("404 array") << 404 << Json::error(404, u"not found"_s, u"NOT_FOUND"_s, {}, true)
                                   << K::NotFound;
        QTest::newRow("429") << 429 << Json::error(429, u"quota"_s, u"RESOURCE_EXHAUSTED"_s)
                             << K::RateLimited;
        QTest::newRow("503") << 503 << Json::error(503, u"overloaded"_s, u"UNAVAILABLE"_s) << K::Server;
        QTest::newRow("502 html") << 502 << QByteArray("<html><title>502 Bad Gateway</title></html>")
                                  << K::Server;
    }

    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(ProviderError::Kind, kind);
        const ProviderError error = GeminiWireFormat().errorFromHttpResponse(status, body);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QVERIFY(!error.providerMessage.isEmpty());
    }

    void retryDelay()
    {
        const auto delayOf = [](const QString &delay) {
            return GeminiWireFormat()
                .errorFromHttpResponse(
                    429, Json::error(429, u"quota"_s, u"RESOURCE_EXHAUSTED"_s, {Json::retryInfo(delay)}))
                .retryAfter;
        };
        QCOMPARE(delayOf(u"17s"_s).value_or(0ms), 17000ms);
        QCOMPARE(delayOf(u"0.25s"_s).value_or(0ms), 250ms);
        QVERIFY(!delayOf(u"soon"_s));
        QVERIFY(!delayOf(u"-3s"_s));
    }

    void modelList()
    {
        const auto ids = GeminiWireFormat().parseModelList(
            Json::modelList({u"gemini-2.5-flash"_s, u"embedding"_s, u"gemini-2.0-flash"_s}));
        QVERIFY(ids);
        QCOMPARE(*ids, (QStringList{u"gemini-2.0-flash"_s, u"gemini-2.5-flash"_s}));
        QCOMPARE(GeminiWireFormat().parseModelList("{}").value_or(QStringList{u"x"_s}), QStringList());
        QVERIFY(!GeminiWireFormat().parseModelList("<html></html>"));
        QVERIFY(!GeminiWireFormat().parseModelList("{\"data\":[]}"));
    }
};

QTEST_GUILESS_MAIN(TestGeminiWireFormat)
#include "tst_geminiwireformat.moc"
