// SPDX-License-Identifier: GPL-3.0-or-later
// Thinking from Anthropic (thinking and redacted_thinking blocks, signatures) and Gemini (parts
// marked as thoughts).
#include "tst_reasoning.h"

#include <QJsonArray>

using Anthropic = AnthropicJson;
using Gemini = GeminiJson;

void TestReasoning::anthropicThinking_data()
{
    QTest::addColumn<int>("writeSize");
    QTest::newRow("whole") << 0;
    QTest::newRow("one-byte writes") << 1;
}

void TestReasoning::anthropicThinking()
{
    QFETCH(int, writeSize);
    SseBodyBuilder body;
    Anthropic::messageStart(body, 30);
    Anthropic::thinkingBlockStart(body, 0);
    Anthropic::thinkingDelta(body, u"Let me compare"_s, 0);
    Anthropic::ping(body);
    Anthropic::thinkingDelta(body, u" 3 and 2: é 😀."_s, 0);
    Anthropic::signatureDelta(body, u"EqQBCgIYAhIM1gbcDa9GJwZA2b3h+sig=="_s, 0);
    Anthropic::contentBlockStop(body, 0);
    Anthropic::contentBlockStart(body, 1);
    Anthropic::textDelta(body, u"Yes, "_s, 1);
    Anthropic::textDelta(body, u"3 is larger."_s, 1);
    Anthropic::contentBlockStop(body, 1);
    Anthropic::messageDelta(body, u"end_turn"_s, 50);
    Anthropic::messageStop(body);
    start(Api::Anthropic, ScriptedResponse::eventStream(body.bytes(), writeSize), request(Api::Anthropic));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->reasoning(), u"Let me compare 3 and 2: é 😀."_s);
    QCOMPARE(m_run->recorder->reasoningDeltas, (QStringList{u"Let me compare"_s, u" 3 and 2: é 😀."_s}));
    QCOMPARE(m_run->stream->reasoningSignature(), u"EqQBCgIYAhIM1gbcDa9GJwZA2b3h+sig=="_s);
    QVERIFY(m_run->stream->redactedReasoning().isEmpty());
    QCOMPARE(m_run->stream->text(), u"Yes, 3 is larger."_s);
    QCOMPARE(m_run->recorder->contentDeltas.join(QString()), m_run->stream->text());
    // Anthropic counts the thinking in output_tokens and gives no count of its own.
    QCOMPARE(m_run->stream->usage().value_or(TokenUsage{}), (TokenUsage{30, 50, 80, 0}));
}

// Redacted thinking is opaque data, kept whole to be sent back; it shows no text.
void TestReasoning::anthropicRedactedThinking()
{
    const QString first = u"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"_s;
    const QString second = u"EmwKAhgBEgyM9Qm+second+block=="_s;
    SseBodyBuilder body;
    Anthropic::messageStart(body, 30);
    Anthropic::redactedThinking(body, first, 0);
    Anthropic::contentBlockStop(body, 0);
    Anthropic::redactedThinking(body, second, 1);
    Anthropic::contentBlockStop(body, 1);
    Anthropic::contentBlockStart(body, 2);
    Anthropic::textDelta(body, u"Yes."_s, 2);
    Anthropic::contentBlockStop(body, 2);
    Anthropic::messageDelta(body, u"end_turn"_s, 20);
    Anthropic::messageStop(body);
    start(Api::Anthropic, ScriptedResponse::eventStream(body.bytes(), 1), request(Api::Anthropic));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->redactedReasoning(), (QStringList{first, second}));
    QVERIFY(m_run->stream->reasoning().isEmpty());
    QVERIFY(m_run->recorder->reasoningDeltas.isEmpty());
    QCOMPARE(m_run->stream->text(), u"Yes."_s);
    QCOMPARE(m_run->recorder->events.filter(u"content:"_s), QStringList{u"content:Yes."_s});
}

// Redacted data shows nothing, so an attempt that had only that is sent again; what it kept
// must go with it.
void TestReasoning::anthropicRetryForgetsRedactedData()
{
    SseBodyBuilder failing;
    Anthropic::messageStart(failing, 30);
    Anthropic::redactedThinking(failing, u"from-the-first-attempt"_s, 0);
    Anthropic::errorEvent(failing, u"overloaded_error"_s, u"Overloaded"_s);
    m_run->server.enqueue(ScriptedResponse::eventStream(failing.bytes()));

    SseBodyBuilder body;
    Anthropic::messageStart(body, 30);
    Anthropic::redactedThinking(body, u"from-the-second"_s, 0);
    Anthropic::contentBlockStop(body, 0);
    Anthropic::contentBlockStart(body, 1);
    Anthropic::textDelta(body, u"Yes."_s, 1);
    Anthropic::messageDelta(body, u"end_turn"_s, 20);
    Anthropic::messageStop(body);
    start(Api::Anthropic, ScriptedResponse::eventStream(body.bytes()), request(Api::Anthropic));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->recorder->retries.size(), 1);
    QCOMPARE(m_run->stream->redactedReasoning(), QStringList{u"from-the-second"_s});
    QCOMPARE(m_run->stream->text(), u"Yes."_s);
}

// Opaque data cut short is of no use: past the size limit none of it is kept.
void TestReasoning::redactedDataPastTheLimitFails()
{
    SseBodyBuilder body;
    Anthropic::messageStart(body, 30);
    Anthropic::thinkingBlockStart(body, 0);
    Anthropic::thinkingDelta(body, u"0123456789"_s, 0);
    Anthropic::redactedThinking(body, u"EmwKAhgBEgy3va3pzix"_s, 1);
    Anthropic::messageDelta(body, u"end_turn"_s, 20);
    Anthropic::messageStop(body);
    start(Api::Anthropic, ScriptedResponse::eventStream(body.bytes()), request(Api::Anthropic), 20);
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Failed);
    QCOMPARE(m_run->recorder->failure().kind, ProviderError::Kind::TooLarge);
    QCOMPARE(m_run->stream->reasoning(), u"0123456789"_s);
    QVERIFY(m_run->stream->redactedReasoning().isEmpty());
}

void TestReasoning::geminiThoughts_data()
{
    QTest::addColumn<int>("writeSize");
    QTest::newRow("whole") << 0;
    QTest::newRow("one-byte writes") << 1;
}

void TestReasoning::geminiThoughts()
{
    QFETCH(int, writeSize);
    const auto thought = [](const QString &text) {
        return QJsonArray{QJsonObject{{u"text"_s, text}, {u"thought"_s, true}}};
    };
    SseBodyBuilder body(SseBodyBuilder::LineEnding::CrLf);
    body.data(Gemini::chunk(thought(u"**Comparing**\n\nThinking about"_s), {}, Gemini::usage(7, -1, 10)));
    body.data(Gemini::chunk(thought(u" 3 and 2: é 😀."_s), {}, Gemini::usage(7, -1, 20)));
    body.data(Gemini::textChunk(u"Yes, "_s, {}, Gemini::usage(7, 2, 20)));
    body.data(Gemini::textChunk(u"3 is larger."_s, u"STOP"_s, Gemini::usage(7, 5, 20)));
    start(Api::Gemini, ScriptedResponse::eventStream(body.bytes(), writeSize), request(Api::Gemini));
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->reasoning(), u"**Comparing**\n\nThinking about 3 and 2: é 😀."_s);
    QCOMPARE(m_run->recorder->reasoningDeltas.join(QString()), m_run->stream->reasoning());
    QCOMPARE(m_run->stream->text(), u"Yes, 3 is larger."_s);
    QCOMPARE(m_run->recorder->contentDeltas.join(QString()), m_run->stream->text());
    // thoughtsTokenCount is the reasoning, counted in the completion as OpenAI counts it.
    QCOMPARE(m_run->stream->usage().value_or(TokenUsage{}), (TokenUsage{7, 25, 32, 20}));
}
