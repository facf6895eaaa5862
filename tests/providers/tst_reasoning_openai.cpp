// SPDX-License-Identifier: GPL-3.0-or-later
// Thinking from OpenAI-compatible servers: reasoning_content and reasoning deltas, and
// <think>…</think> opening the content.
#include "tst_reasoning.h"

#include "openaiwireformat.h"
#include "sseevent.h"

using Json = OpenAiJson;

void TestReasoning::reasoningFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("writeSize");
    for (const QString &field : {u"reasoning_content"_s, u"reasoning"_s}) {
        QTest::addRow("%s, whole", qPrintable(field)) << field << 0;
        QTest::addRow("%s, one-byte writes", qPrintable(field)) << field << 1;
    }
}

// DeepSeek, vLLM, llama.cpp and LM Studio send reasoning_content; OpenRouter and Ollama send
// reasoning.
void TestReasoning::reasoningFields()
{
    QFETCH(QString, field);
    QFETCH(int, writeSize);
    SseBodyBuilder body;
    body.role().reasoning(u"Let me compare: "_s, field).reasoning(u"3 > 2, é 😀."_s, field);
    body.content(u"Yes, "_s).content(u"3 is larger."_s).finish().usage(12, 40, 25).done();
    start(Api::OpenAi, ScriptedResponse::eventStream(body.bytes(), writeSize), request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->reasoning(), u"Let me compare: 3 > 2, é 😀."_s);
    QCOMPARE(m_run->stream->text(), u"Yes, 3 is larger."_s);
    QCOMPARE(m_run->recorder->reasoningDeltas.join(QString()), m_run->stream->reasoning());
    QCOMPARE(m_run->recorder->contentDeltas.join(QString()), m_run->stream->text());
    // The thinking comes first, as the server sent it.
    QVERIFY(m_run->recorder->events.indexOf(u"reasoning:3 > 2, é 😀."_s) <
            m_run->recorder->events.indexOf(u"content:Yes, "_s));
    QCOMPARE(m_run->stream->usage().value_or(TokenUsage{}).reasoningTokens, 25);
    QCOMPARE(m_run->stream->usage().value_or(TokenUsage{}).completionTokens, 40);
}

// A server between the two names may send both, with the same text.
void TestReasoning::bothFieldsInOneDeltaAreReadOnce()
{
    SseBodyBuilder body;
    body.role();
    body.data(Json::chunk(QJsonObject{{u"reasoning_content"_s, u"Hmm."_s}, {u"reasoning"_s, u"Hmm."_s}}));
    body.data(
        Json::chunk(QJsonObject{{u"reasoning"_s, QJsonValue::Null}, {u"reasoning_content"_s, u" Ok"_s}}));
    body.content(u"Yes."_s).finish().done();
    start(Api::OpenAi, ScriptedResponse::eventStream(body.bytes()), request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->reasoning(), u"Hmm. Ok"_s);
    QCOMPARE(m_run->stream->text(), u"Yes."_s);
}

void TestReasoning::thinkTags_data()
{
    QTest::addColumn<QStringList>("deltas");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QString>("text");

    const QStringList split{u"\n<th"_s,     u"ink>\nThe user asks whether 3 > 2"_s,
                            u".\n</thi"_s,  u"nk>\n"_s,
                            u"\n"_s,        u"Yes, 3 "_s,
                            u"is larger."_s};
    for (const int writeSize : {0, 1}) {
        const char *how = writeSize ? "one-byte writes" : "whole";
        QTest::addRow("tags split across deltas, %s", how)
            << split << writeSize << u"The user asks whether 3 > 2."_s << u"Yes, 3 is larger."_s;
        QTest::addRow("one delta per character, %s", how)
            << split.join(QString()).split(QString(), Qt::SkipEmptyParts) << writeSize
            << u"The user asks whether 3 > 2."_s << u"Yes, 3 is larger."_s;
        QTest::addRow("all in one delta, %s", how)
            << QStringList{split.join(QString())} << writeSize << u"The user asks whether 3 > 2."_s
            << u"Yes, 3 is larger."_s;
        QTest::addRow("no tags, %s", how) << QStringList{u"  "_s, u"Yes, <b>3</b> is larger."_s} << writeSize
                                          << QString() << u"  Yes, <b>3</b> is larger."_s;
        QTest::addRow("text before <think>, %s", how)
            << QStringList{u"Well <thi"_s, u"nk>no</think> yes"_s} << writeSize << QString()
            << u"Well <think>no</think> yes"_s;
    }
}

// Ollama, llama.cpp and vLLM with Qwen or DeepSeek R1 put the thinking in the content.
void TestReasoning::thinkTags()
{
    QFETCH(QStringList, deltas);
    QFETCH(int, writeSize);
    QFETCH(QString, reasoning);
    QFETCH(QString, text);
    SseBodyBuilder body;
    body.role();
    for (const QString &delta : std::as_const(deltas))
        body.content(delta);
    body.finish().usage(12, 40).done();
    start(Api::OpenAi, ScriptedResponse::eventStream(body.bytes(), writeSize), request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->reasoning(), reasoning);
    QCOMPARE(m_run->stream->text(), text);
    QCOMPARE(m_run->recorder->reasoningDeltas.join(QString()), reasoning);
    QCOMPARE(m_run->recorder->contentDeltas.join(QString()), text);
}

void TestReasoning::endsInsideThinking_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("writeSize");
    QTest::addColumn<QString>("reasoning");
    const QString thinking = u"First, 3 - 2 = 1 <"_s;
    for (const int writeSize : {0, 1}) {
        const char *how = writeSize ? "one-byte writes" : "whole";
        QTest::addRow("<think>, cut at the length limit, %s", how) << SseBodyBuilder()
                                                                          .role()
                                                                          .content(u"<think>\n"_s)
                                                                          .content(thinking)
                                                                          .finish(u"length"_s)
                                                                          .done()
                                                                          .bytes()
                                                                   << writeSize << thinking;
        QTest::addRow("<think>, a piece of </think> last, %s", how)
            << SseBodyBuilder()
                   .role()
                   .content(u"<think>"_s + thinking + u"\n</thin"_s)
                   .finish(u"length"_s)
                   .bytes()
            << writeSize << thinking + u"\n</thin"_s;
        QTest::addRow("reasoning_content, %s", how)
            << SseBodyBuilder().role().reasoning(thinking).finish(u"length"_s).done().bytes() << writeSize
            << thinking;
    }
}

// A reply that ends while the model thinks keeps the thinking as thinking; its answer is empty,
// which is how the chat layer knows it is missing.
void TestReasoning::endsInsideThinking()
{
    QFETCH(QByteArray, body);
    QFETCH(int, writeSize);
    QFETCH(QString, reasoning);
    start(Api::OpenAi, ScriptedResponse::eventStream(body, writeSize), request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->finishReason(), u"length"_s);
    QCOMPARE(m_run->stream->reasoning(), reasoning);
    QCOMPARE(m_run->recorder->reasoningDeltas.join(QString()), reasoning);
    QVERIFY(m_run->stream->text().isEmpty());
    QVERIFY(m_run->recorder->contentDeltas.isEmpty());
}

void TestReasoning::heldBackPieceIsReleasedAtTheEnd_data()
{
    QTest::addColumn<QString>("content");
    QTest::newRow("a piece of <think>") << u"<th"_s;
    QTest::newRow("whitespace and a piece of <think>") << u" \n<think"_s;
    QTest::newRow("whitespace only") << u"\n"_s;
}

// What waited as a possible <think> is the answer once the reply ends without the rest.
void TestReasoning::heldBackPieceIsReleasedAtTheEnd()
{
    QFETCH(QString, content);
    start(Api::OpenAi, ScriptedResponse::eventStream(SseBodyBuilder().reply({content}).bytes()),
          request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->text(), content);
    QCOMPARE(m_run->recorder->contentDeltas, QStringList{content});
    QVERIFY(m_run->stream->reasoning().isEmpty());
    // Shown before the stream says it is done.
    QCOMPARE(m_run->recorder->events.mid(m_run->recorder->events.size() - 2),
             (QStringList{u"content:"_s + content, u"done"_s}));
}

void TestReasoning::droppedWhileThinking_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reasoning");
    QTest::newRow("reasoning_content")
        << SseBodyBuilder().role().reasoning(u"Step one, a < b"_s).bytes() << u"Step one, a < b"_s;
    QTest::newRow("<think>, a piece of </think> held back")
        << SseBodyBuilder().role().content(u"<think>Step one, a </"_s).bytes() << u"Step one, a </"_s;
}

// The connection breaks while the model thinks: the reply failed, its thinking is kept (what was
// held back too), and nothing is sent again, because the thinking was shown.
void TestReasoning::droppedWhileThinking()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reasoning);
    start(Api::OpenAi,
          ScriptedResponse(200).setHeader("Content-Type", "text/event-stream").write(body, 1).drop(),
          request(Api::OpenAi));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_run->recorder->failure().kind, ProviderError::Kind::Interrupted);
    QVERIFY(m_run->recorder->retries.isEmpty());
    QCOMPARE(m_run->server.requestCount(), 1);
    QCOMPARE(m_run->stream->reasoning(), reasoning);
    QCOMPARE(m_run->recorder->reasoningDeltas.join(QString()), reasoning);
    QVERIFY(m_run->stream->text().isEmpty());
}

void TestReasoning::thinkingCountsAgainstTheSizeLimit()
{
    SseBodyBuilder body;
    body.role().reasoning(u"0123456789"_s).reasoning(u"abcdef"_s).content(u"Never shown"_s).finish().done();
    start(Api::OpenAi, ScriptedResponse::eventStream(body.bytes()), request(Api::OpenAi), 14);
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_run->recorder->failure().kind, ProviderError::Kind::TooLarge);
    QCOMPARE(m_run->stream->reasoning(), u"0123456789abcd"_s);
    QVERIFY(m_run->stream->text().isEmpty());
}

// The transport resets the format before it sends again: a piece of a tag held from the first
// attempt must not join the second's content.
void TestReasoning::resetForgetsThePartialTag()
{
    OpenAiWireFormat format;
    ChatStreamEvent out;
    SseEvent event;
    event.data = Json::contentChunk(u"<thi"_s);
    format.decodeEvent(event, out);
    QVERIFY(out.content.isEmpty() && out.reasoning.isEmpty());
    format.reset();
    event.data = Json::contentChunk(u"<think>a</think>b"_s);
    format.decodeEvent(event, out);
    QCOMPARE(out.reasoning, u"a"_s);
    QCOMPARE(out.content, u"b"_s);
    format.finish(out);
    QCOMPARE(out.kind, ChatStreamEvent::Kind::Ignored);
}
