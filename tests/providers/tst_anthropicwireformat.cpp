// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicjson.h"
#include "anthropicwireformat.h"
#include "sseevent.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using EventKind = ChatStreamEvent::Kind;
using Json = AnthropicJson;

namespace {

SseEvent sseEvent(const QString &type, const QByteArray &data)
{
    SseEvent e;
    e.type = type;
    e.data = data;
    return e;
}

} // namespace

class TestAnthropicWireFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textDeltaIsContent()
    {
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"content_block_delta"_s, Json::textDeltaData(u"Hi"_s)), out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.content, u"Hi"_s);
    }

    void theJsonTypeWinsOverTheEventName()
    {
        // A proxy that drops the event lines leaves only the JSON's own type.
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"message"_s, Json::textDeltaData(u"Hi"_s)), out);
        QCOMPARE(out.content, u"Hi"_s);
        format.decodeEvent(sseEvent(u"message"_s, "{\"type\":\"message_stop\"}"), out);
        QCOMPARE(out.kind, EventKind::Done);
    }

    void usageCombinesStartAndDelta()
    {
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"message_start"_s, Json::messageStartData(25, u"claude-x"_s, 1000)),
                           out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.model, u"claude-x"_s);
        QVERIFY(!out.usage); // not before the reply's end
        format.decodeEvent(sseEvent(u"message_delta"_s, Json::messageDeltaData(u"max_tokens"_s, 40)), out);
        QCOMPARE(out.finishReason, u"length"_s);
        QVERIFY(out.usage);
        QCOMPARE(*out.usage, (TokenUsage{1025, 40, 1065, 0}));

        format.reset(); // a new attempt forgets the old counts
        format.decodeEvent(sseEvent(u"message_delta"_s, Json::messageDeltaData(QString(), 3)), out);
        QCOMPARE(*out.usage, (TokenUsage{0, 3, 3, 0}));
        QVERIFY(out.finishReason.isEmpty());
    }

    void tokenCountsSaturate()
    {
        // A server may send any integer: the sums stop at the largest count instead of
        // overflowing, and a count below zero reads as none.
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"message_start"_s,
                                    "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{"
                                    "\"input_tokens\":9223372036854775807,\"cache_read_input_tokens\":"
                                    "9223372036854775807,\"output_tokens\":1}}}"),
                           out);
        format.decodeEvent(sseEvent(u"message_delta"_s,
                                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                                    "\"usage\":{\"output_tokens\":9223372036854775807}}"),
                           out);
        QVERIFY(out.usage);
        QCOMPARE(*out.usage, (TokenUsage{max, max, max, 0}));

        format.reset();
        format.decodeEvent(
            sseEvent(u"message_start"_s,
                     "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{"
                     "\"input_tokens\":-9223372036854775807,\"cache_creation_input_tokens\":-5}}}"),
            out);
        format.decodeEvent(
            sseEvent(u"message_delta"_s,
                     "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":-7}}"),
            out);
        QVERIFY(out.usage);
        QCOMPARE(*out.usage, (TokenUsage{0, 0, 0, 0}));
    }

    void pingsAndUnknownTypesAreIgnored()
    {
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"ping"_s, "{\"type\": \"ping\"}"), out);
        QCOMPARE(out.kind, EventKind::Ignored);
        format.decodeEvent(sseEvent(u"content_block_stop"_s, Json::contentBlockStopData(0)), out);
        QCOMPARE(out.kind, EventKind::Ignored);
        format.decodeEvent(sseEvent(u"brand_new"_s, "{\"type\":\"brand_new\"}"), out);
        QCOMPARE(out.kind, EventKind::Ignored);
        format.decodeEvent(
            sseEvent(u"content_block_delta"_s,
                     Json::deltaData(0, {{u"type"_s, u"input_json_delta"_s}, {u"partial_json"_s, u"{"_s}})),
            out);
        QCOMPARE(out.kind, EventKind::Ignored);
        QVERIFY(out.content.isEmpty()); // thinking is not ignored: tst_reasoning reads it
    }

    void unreadableDataIsInvalid()
    {
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"content_block_delta"_s, "{\"type\":\"content_bl"), out);
        QCOMPARE(out.kind, EventKind::Invalid);
        format.decodeEvent(sseEvent(u"content_block_delta"_s, "\"text\""), out);
        QCOMPARE(out.kind, EventKind::Invalid);
    }

    void errorEventIsAStreamError()
    {
        AnthropicWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(u"error"_s, Json::error(u"overloaded_error"_s, u"Overloaded"_s)), out);
        QCOMPARE(out.kind, EventKind::Error);
        QVERIFY(out.error);
        QCOMPARE(out.error->kind, ProviderError::Kind::StreamError);
        QCOMPARE(out.error->providerType, u"overloaded_error"_s);
        QCOMPARE(out.error->providerMessage, u"Overloaded"_s);
        QVERIFY(out.error->isTransient());

        format.decodeEvent(sseEvent(u"error"_s, Json::error(u"invalid_request_error"_s, u"Bad"_s)), out);
        QVERIFY(!out.error->isTransient());

        // Other shapes a gateway might send in Anthropic's place.
        format.decodeEvent(sseEvent(u"error"_s, "{\"type\":\"error\",\"error\":\"Upstream timed out\"}"),
                           out);
        QCOMPARE(out.kind, EventKind::Error);
        QCOMPARE(out.error->providerMessage, u"Upstream timed out"_s);
        format.decodeEvent(sseEvent(u"error"_s, "{\"message\":\"Bad gateway\"}"), out);
        QCOMPARE(out.kind, EventKind::Error);
        QCOMPARE(out.error->kind, ProviderError::Kind::StreamError);
        QCOMPARE(out.error->providerMessage, u"Bad gateway"_s);
    }

    void httpErrorsMapToKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::addColumn<ProviderError::Kind>("kind");
        QTest::addColumn<bool>("transient");
        using K = ProviderError::Kind;
        QTest::newRow("400") << 400 << u"invalid_request_error"_s << K::BadRequest << false;
        QTest::newRow("401") << 401 << u"authentication_error"_s << K::Authentication << false;
        QTest::newRow("402 billing") << 402 << u"billing_error"_s << K::QuotaExceeded << false;
        QTest::newRow("403") << 403 << u"permission_error"_s << K::Authentication << false;
        QTest::newRow("404") << 404 << u"not_found_error"_s << K::NotFound << false;
        QTest::newRow("429") << 429 << u"rate_limit_error"_s << K::RateLimited << true;
        QTest::newRow("500") << 500 << u"api_error"_s << K::Server << true;
        QTest::newRow("504") << 504 << u"timeout_error"_s << K::Server << true;
        QTest::newRow("529") << 529 << u"overloaded_error"_s << K::Server << true;
    }

    void httpErrorsMapToKinds()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(ProviderError::Kind, kind);
        QFETCH(bool, transient);
        const ProviderError error = AnthropicWireFormat().errorFromHttpResponse(
            status, Json::error(type, u"Something"_s, u"req_01"_s));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.providerType, type);
        QCOMPARE(error.providerMessage, u"Something"_s);
        QCOMPARE(error.requestId, u"req_01"_s);
        QCOMPARE(error.isTransient(), transient);
    }

    void modelList()
    {
        const auto ids = AnthropicWireFormat().parseModelList(Json::modelList({u"b"_s, u"a"_s, u"b"_s}));
        QVERIFY(ids);
        QCOMPARE(*ids, (QStringList{u"a"_s, u"b"_s}));
        QVERIFY(!AnthropicWireFormat().parseModelList("<html></html>"));
        QVERIFY(!AnthropicWireFormat().parseModelList("{\"models\":[]}"));
    }
};

QTEST_GUILESS_MAIN(TestAnthropicWireFormat)
#include "tst_anthropicwireformat.moc"
