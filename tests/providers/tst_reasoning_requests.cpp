// SPDX-License-Identifier: GPL-3.0-or-later
// What the requests say about thinking: the reasoning effort in each dialect's terms, and no
// thinking of earlier turns.
#include "tst_reasoning.h"

#include "anthropicdialect.h"
#include "messagepart.h"
#include "recordedrequest.h"

#include <QJsonArray>

#include <array>

using Effort = std::optional<ReasoningEffort>;

namespace {

// One row per effort, unset first, each with what is sent for it.
template<typename Sent> void addEffortRows(const std::array<Sent, 5> &sent)
{
    QTest::newRow("unset") << Effort() << sent[0];
    QTest::newRow("off") << Effort(ReasoningEffort::Off) << sent[1];
    QTest::newRow("low") << Effort(ReasoningEffort::Low) << sent[2];
    QTest::newRow("medium") << Effort(ReasoningEffort::Medium) << sent[3];
    QTest::newRow("high") << Effort(ReasoningEffort::High) << sent[4];
}

} // namespace

void TestReasoning::openAiEffort_data()
{
    QTest::addColumn<Effort>("effort");
    QTest::addColumn<QString>("sent"); // empty: no reasoning_effort at all
    addEffortRows<QString>({QString(), u"none"_s, u"low"_s, u"medium"_s, u"high"_s});
}

void TestReasoning::openAiEffort()
{
    QFETCH(Effort, effort);
    QFETCH(QString, sent);
    const QJsonObject sentBody = bodyWithEffort(Api::OpenAi, effort);
    QCOMPARE(sentBody.contains(u"reasoning_effort"_s), !sent.isEmpty());
    if (!sent.isEmpty())
        QCOMPARE(sentBody.value(u"reasoning_effort"_s).toString(), sent);
    QCOMPARE(sentBody.value(u"temperature"_s).toDouble(), 0.5); // left to the server to judge
}

void TestReasoning::anthropicEffort_data()
{
    QTest::addColumn<Effort>("effort");
    QTest::addColumn<int>("budget"); // 0: no thinking field
    addEffortRows<int>({0, 0, 1024, 4096, 16384});
}

// With thinking on, Anthropic refuses a changed temperature or top_p: they are left out then.
void TestReasoning::anthropicEffort()
{
    QFETCH(Effort, effort);
    QFETCH(int, budget);
    const QJsonObject sentBody = bodyWithEffort(Api::Anthropic, effort);
    QCOMPARE(sentBody.contains(u"thinking"_s), budget > 0);
    QCOMPARE(sentBody.contains(u"temperature"_s), budget == 0);
    QCOMPARE(sentBody.contains(u"top_p"_s), budget == 0);
    if (budget > 0) {
        QCOMPARE(sentBody.value(u"thinking"_s).toObject(),
                 (QJsonObject{{u"type"_s, u"enabled"_s}, {u"budget_tokens"_s, budget}}));
        QVERIFY(sentBody.value(u"max_tokens"_s).toInt() > budget);
    }
}

void TestReasoning::anthropicBudgetRaisesMaxTokens_data()
{
    QTest::addColumn<Effort>("effort");
    QTest::addColumn<int>("maxTokens"); // 0: unset
    QTest::addColumn<int>("sent");
    const int byDefault = AnthropicDialect::DefaultMaxTokens;
    QTest::newRow("off, unset") << Effort(ReasoningEffort::Off) << 0 << byDefault;
    QTest::newRow("off, small") << Effort(ReasoningEffort::Off) << 100 << 100;
    QTest::newRow("low, unset: room enough") << Effort(ReasoningEffort::Low) << 0 << byDefault;
    QTest::newRow("medium, unset: equal is too little")
        << Effort(ReasoningEffort::Medium) << 0 << 4096 + byDefault;
    QTest::newRow("high, unset") << Effort(ReasoningEffort::High) << 0 << 16384 + byDefault;
    QTest::newRow("low, small: the answer keeps its room") << Effort(ReasoningEffort::Low) << 1000 << 2024;
    QTest::newRow("high, large: as asked") << Effort(ReasoningEffort::High) << 32000 << 32000;
}

void TestReasoning::anthropicBudgetRaisesMaxTokens()
{
    QFETCH(Effort, effort);
    QFETCH(int, maxTokens);
    QFETCH(int, sent);
    ChatRequest chatRequest = request(Api::Anthropic);
    chatRequest.reasoningEffort = effort;
    if (maxTokens > 0)
        chatRequest.maxTokens = maxTokens;
    QCOMPARE(body(Api::Anthropic, chatRequest).value(u"max_tokens"_s).toInt(), sent);
}

void TestReasoning::geminiEffort_data()
{
    QTest::addColumn<Effort>("effort");
    QTest::addColumn<QJsonObject>("thinkingConfig"); // empty: none sent
    // includeThoughts is refused where thinking is off: it goes only with a budget.
    const auto thinking = [](int budget) {
        return QJsonObject{{u"thinkingBudget"_s, budget}, {u"includeThoughts"_s, true}};
    };
    addEffortRows<QJsonObject>({QJsonObject(), QJsonObject{{u"thinkingBudget"_s, 0}}, thinking(1024),
                                thinking(4096), thinking(16384)});
}

void TestReasoning::geminiEffort()
{
    QFETCH(Effort, effort);
    QFETCH(QJsonObject, thinkingConfig);
    const QJsonObject generationConfig =
        bodyWithEffort(Api::Gemini, effort).value(u"generationConfig"_s).toObject();
    QCOMPARE(generationConfig.value(u"temperature"_s).toDouble(), 0.5);
    QCOMPARE(generationConfig.contains(u"thinkingConfig"_s), !thinkingConfig.isEmpty());
    if (!thinkingConfig.isEmpty())
        QCOMPARE(generationConfig.value(u"thinkingConfig"_s).toObject(), thinkingConfig);
}

void TestReasoning::noThinkingIsSentBack_data()
{
    QTest::addColumn<int>("api");
    QTest::newRow("OpenAI-compatible") << int(Api::OpenAi);
    QTest::newRow("Anthropic") << int(Api::Anthropic);
    QTest::newRow("Gemini") << int(Api::Gemini);
}

// The next request of a conversation whose last reply thought: the answer goes back, the thinking
// (its text, signature and redacted data) does not.
void TestReasoning::noThinkingIsSentBack()
{
    QFETCH(int, api);
    const Api which = Api(api);
    MessagePart thought = MessagePart::reasoningPart(u"SECRET-THINKING about 3 and 2"_s, 5120);
    thought.signature = u"SECRET-SIGNATURE"_s;
    MessagePart redacted = MessagePart::reasoningPart(QString());
    redacted.redactedData = u"SECRET-REDACTED"_s;
    ChatMessage reply{ChatMessage::Role::Assistant, u"Yes, 3 is larger."_s, {thought, redacted}};

    ChatRequest chatRequest = request(which);
    chatRequest.messages.append(reply);
    chatRequest.messages.append({ChatMessage::Role::User, u"Why?"_s});
    const QByteArray reply200 = which == Api::OpenAi      ? SseBodyBuilder().reply({u"Because."_s}).bytes()
                                : which == Api::Anthropic ? AnthropicJson::reply({u"Because."_s})
                                                          : GeminiJson::reply({u"Because."_s});
    start(which, ScriptedResponse::eventStream(reply200), chatRequest);
    WAIT_FOR_DONE();
    QCOMPARE(m_run->stream->state(), ChatStream::State::Completed);
    QCOMPARE(m_run->stream->text(), u"Because."_s);

    const QByteArray sent = m_run->server.lastRequest().body;
    QVERIFY2(sent.contains("Yes, 3 is larger."), sent.constData());
    for (const QByteArray secret : {"SECRET", "reasoning", "thinking", "thought", "signature", "redacted"})
        QVERIFY2(!sent.contains(secret), qPrintable(QString::fromUtf8(secret + " in " + sent)));
}
