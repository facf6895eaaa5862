// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaiwireformat.h"
#include "sseevent.h"

#include <QTest>

using namespace Qt::StringLiterals;
using EventKind = ChatStreamEvent::Kind;

namespace {

SseEvent sseEvent(const QByteArray &data, const QString &type = u"message"_s)
{
    SseEvent e;
    e.type = type;
    e.data = data;
    return e;
}

} // namespace

class TestOpenAiWireFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesAContentChunk()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent(
                R"({"object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})"),
            out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.content, u"Hi"_s);
        QCOMPARE(out.model, u"gpt-4o"_s);
        QVERIFY(out.finishReason.isEmpty());
        QVERIFY(!out.usage);
    }

    void decodesFinishReasonAndUsage()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"), out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.finishReason, u"stop"_s);

        format.decodeEvent(
            sseEvent(
                R"({"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})"),
            out);
        QCOMPARE(out.kind, EventKind::Update);
        QVERIFY(out.content.isEmpty());
        QVERIFY(out.finishReason.isEmpty()); // cleared from the previous event
        QVERIFY(out.usage);
        QCOMPARE(out.usage->totalTokens, 21);
    }

    // A count below zero means nothing; the fuzzer of this format found that it came through.
    void negativeTokenCountsReadAsZero()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent(R"({"usage":{"prompt_tokens":-9,"completion_tokens":12,"total_tokens":-1,)"
                     R"("completion_tokens_details":{"reasoning_tokens":-3}}})"),
            out);
        QVERIFY(out.usage);
        QCOMPARE(*out.usage, (TokenUsage{0, 12, 0, 0}));
    }

    void theOldFunctionCallIsAToolCall()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent(R"({"choices":[{"index":0,"delta":{},"finish_reason":"function_call"}]})"), out);
        QCOMPARE(out.finishReason, u"tool_calls"_s);
    }

    void recognisesDone()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent("[DONE]"), out);
        QCOMPARE(out.kind, EventKind::Done);
    }

    void reportsUnreadableData()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent("{not json"), out);
        QCOMPARE(out.kind, EventKind::Invalid);
    }

    void turnsAnErrorObjectIntoAStreamError()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(
            sseEvent(R"({"error":{"message":"The server had an error","type":"server_error","code":null}})"),
            out);
        QCOMPARE(out.kind, EventKind::Error);
        QVERIFY(out.error);
        QCOMPARE(out.error->kind, ProviderError::Kind::StreamError);
        QCOMPARE(out.error->providerMessage, u"The server had an error"_s);
        QCOMPARE(out.error->providerType, u"server_error"_s);
        QCOMPARE(out.error->message(), u"the server reported an error mid-stream: The server had an error"_s);
    }

    void turnsAnErrorEventIntoAStreamError()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(R"({"error":{"message":"overloaded"}})", u"error"_s), out);
        QCOMPARE(out.kind, EventKind::Error);
        QCOMPARE(out.error->kind, ProviderError::Kind::StreamError);
        QCOMPARE(out.error->providerMessage, u"overloaded"_s);

        format.decodeEvent(sseEvent("model crashed", u"error"_s), out);
        QCOMPARE(out.kind, EventKind::Error);
        QCOMPARE(out.error->message(), u"the server reported an error mid-stream: model crashed"_s);
    }

    void readsChunksWhateverTheEventType()
    {
        OpenAiWireFormat format;
        ChatStreamEvent out;
        format.decodeEvent(sseEvent(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})", u"chunk"_s), out);
        QCOMPARE(out.kind, EventKind::Update);
        QCOMPARE(out.content, u"x"_s);
        format.decodeEvent(sseEvent(R"({"type":"ping"})", u"ping"_s), out);
        QCOMPARE(out.kind, EventKind::Update);
        QVERIFY(out.content.isEmpty() && out.refusal.isEmpty() && out.finishReason.isEmpty() && !out.usage);
    }

    void mapsErrorBodies()
    {
        const OpenAiWireFormat format;
        const ProviderError error = format.errorFromHttpResponse(
            401,
            R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}})");
        QCOMPARE(error.kind, ProviderError::Kind::Authentication);
        QCOMPARE(error.providerCode, u"invalid_api_key"_s);
    }

    void readsTheModelList()
    {
        const OpenAiWireFormat format;
        const auto ids = format.parseModelList(
            R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"dall-e-3"},{"id":"gpt-4o-mini"},{"object":"model"},{"id":"gpt-4o"}]})");
        QVERIFY(ids);
        QCOMPARE(*ids, QStringList({u"dall-e-3"_s, u"gpt-4o"_s, u"gpt-4o-mini"_s}));

        const auto empty = format.parseModelList(R"({"object":"list","data":[]})");
        QVERIFY(empty);
        QVERIFY(empty->isEmpty());
    }

    void refusesWhatIsNotAModelList()
    {
        const OpenAiWireFormat format;
        QVERIFY(!format.parseModelList("<html></html>"));
        QVERIFY(!format.parseModelList(R"({"models":[{"name":"llama3"}]})"));
        QVERIFY(!format.parseModelList(""));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiWireFormat)
#include "tst_openaiwireformat.moc"
