// SPDX-License-Identifier: GPL-3.0-or-later
// A reply that thinks before it answers: the thinking apart from the text, how long it took,
// the parts in order in the database, saved as they stream, and a reply with no answer.
#include "tst_exchange.h"

#include "chatstream.h"
#include "databasepeek.h"
#include "exchange.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace ExchangeTests;

namespace {

// What the exchange tells, in order: "thinking:…", "thought", "text:…", "ended". `events`
// outlives the exchange.
void record(Exchange *exchange, QStringList *events)
{
    QObject::connect(exchange, &Exchange::reasoningAppended, exchange,
                     [events](const QString &delta) { events->append(u"thinking:"_s + delta); });
    QObject::connect(exchange, &Exchange::thinkingEnded, exchange,
                     [events] { events->append(u"thought"_s); });
    QObject::connect(exchange, &Exchange::appended, exchange,
                     [events](const QString &delta) { events->append(u"text:"_s + delta); });
    QObject::connect(exchange, &Exchange::ended, exchange, [events] { events->append(u"ended"_s); });
}

} // namespace

void TestExchange::theThinkingIsAPartOfItsOwn_data()
{
    TestDatabases::addBackendRows();
}

void TestExchange::theThinkingIsAPartOfItsOwn()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    // The model thinks, pauses, then answers: the thinking lasts at least the pause.
    constexpr qint64 pauseMs = 400;
    QStringList events;
    std::unique_ptr<Exchange> exchange(ask(
        u"What is two and two?"_s,
        ScriptedResponse(200)
            .setHeader("content-type", "text/event-stream")
            .setFraming(ScriptedResponse::Framing::Chunked)
            .write(SseBodyBuilder().role().reasoning(u"Two and "_s).bytes())
            .write(SseBodyBuilder().reasoning(u"two…"_s).bytes())
            .delay(std::chrono::milliseconds(pauseMs))
            .write(
                SseBodyBuilder().content(u"Four"_s).content(u"."_s).finish().usage(5, 20, 12).done().bytes()),
        m_store.get()));
    record(exchange.get(), &events);
    QSignalSpy thought(exchange.get(), &Exchange::thinkingEnded);
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);

    // The thinking streams apart from the answer, and ends before the answer's first word.
    QCOMPARE(exchange->reasoning(), u"Two and two…"_s);
    QCOMPARE(exchange->text(), u"Four."_s);
    QCOMPARE(events, (QStringList{u"thinking:Two and "_s, u"thinking:two…"_s, u"thought"_s, u"text:Four"_s,
                                  u"text:."_s, u"ended"_s}));
    QCOMPARE(thought.count(), 1);
    const qint64 durationMs = thought.at(0).at(0).toLongLong();
    QVERIFY2(durationMs >= pauseMs / 2, qPrintable(QString::number(durationMs)));

    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.content, u"Four."_s);
    QCOMPARE(reply.status, MessageRecord::Status::Complete);
    const QList<MessagePart> parts{MessagePart::reasoningPart(u"Two and two…"_s, durationMs),
                                   MessagePart::textPart(u"Four."_s)};
    QCOMPARE(reply.parts, parts);
    QCOMPARE(reply.completionTokens, std::optional<qint64>(20));
    QCOMPARE(reply.reasoningTokens, std::optional<qint64>(12));
    // Measured by the client: the first token came, and 20 tokens took at least the pause.
    QVERIFY(reply.firstTokenMs && *reply.firstTokenMs >= 0);
    QVERIFY(reply.tokensPerSecond);
    QVERIFY2(*reply.tokensPerSecond > 0 && *reply.tokensPerSecond <= 20.0 * 1000 / (pauseMs / 2),
             qPrintable(QString::number(*reply.tokensPerSecond)));

    // In the database, in order, and read back whole.
    const DatabasePeek peek(*m_config);
    const QString partSql = u"SELECT %1 FROM message_parts WHERE message_id = ? AND position = ?"_s;
    QCOMPARE(peek.value(partSql.arg(u"type"_s), {reply.id, 0}).toString(), u"reasoning"_s);
    QCOMPARE(peek.value(partSql.arg(u"text"_s), {reply.id, 0}).toString(), u"Two and two…"_s);
    QCOMPARE(peek.value(partSql.arg(u"type"_s), {reply.id, 1}).toString(), u"text"_s);
    QCOMPARE(peek.value(partSql.arg(u"text"_s), {reply.id, 1}).toString(), u"Four."_s);
    QCOMPARE(peek.messageField(reply.id, u"content"_s), u"Four."_s);
    const std::optional<MessageRecord> back = stored(m_conversation.id, reply.id);
    QVERIFY(back);
    QCOMPARE(back->parts, parts);
    QCOMPARE(back->reasoningTokens, reply.reasoningTokens);
    QCOMPARE(back->firstTokenMs, reply.firstTokenMs);
    QVERIFY(back->tokensPerSecond);
    QVERIFY(qFuzzyCompare(*back->tokensPerSecond, *reply.tokensPerSecond));
}

void TestExchange::thinkTagsAreThinking_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("writeSize");
    for (const QString &backend : TestDatabases::backends()) {
        QTest::addRow("%s, whole", qPrintable(backend)) << backend << 0;
        QTest::addRow("%s, one byte a write", qPrintable(backend)) << backend << 1;
    }
}

void TestExchange::thinkTagsAreThinking()
{
    QFETCH(QString, backend);
    QFETCH(int, writeSize);
    QVERIFY(setUp(backend));
    // Ollama, llama.cpp and vLLM with Qwen or R1: the thinking opens the content, its tags split.
    const QByteArray body = SseBodyBuilder()
                                .role()
                                .content(u"<thi"_s)
                                .content(u"nk>Two and "_s)
                                .content(u"two…</th"_s)
                                .content(u"ink>\n\nFour."_s)
                                .finish()
                                .usage(5, 9)
                                .done()
                                .bytes();
    QStringList events;
    std::unique_ptr<Exchange> exchange(
        ask(u"What is two and two?"_s, ScriptedResponse::eventStream(body, writeSize), m_store.get()));
    record(exchange.get(), &events);
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);

    QCOMPARE(exchange->reasoning(), u"Two and two…"_s);
    QCOMPARE(exchange->text(), u"Four."_s); // no tag, no thinking in the answer
    QCOMPARE(events.filter(u"thought"_s).size(), 1);
    QVERIFY(events.indexOf(u"thought"_s) < events.indexOf(u"text:Four."_s));
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.parts.size(), 2);
    QCOMPARE(reply.parts.at(0).type, MessagePart::Type::Reasoning);
    QCOMPARE(reply.parts.at(0).text, u"Two and two…"_s);
    QVERIFY(reply.parts.at(0).durationMs.has_value());
    QCOMPARE(reply.parts.at(1), MessagePart::textPart(u"Four."_s));
    const DatabasePeek peek(*m_config);
    QCOMPARE(peek.messageField(reply.id, u"content"_s), u"Four."_s);
    const std::optional<MessageRecord> back = stored(m_conversation.id, reply.id);
    QVERIFY(back);
    QCOMPARE(back->parts, reply.parts);
}

void TestExchange::theThinkingIsSavedAsItStreams_data()
{
    TestDatabases::addBackendRows();
}

void TestExchange::theThinkingIsSavedAsItStreams()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    const DatabasePeek peek(*m_config);
    std::unique_ptr<Exchange> exchange(
        ask(u"What is two and two?"_s,
            ScriptedResponse(200)
                .setHeader("content-type", "text/event-stream")
                .setFraming(ScriptedResponse::Framing::Chunked)
                .write(SseBodyBuilder().role().reasoning(u"First this, "_s).bytes())
                .delay(50ms)
                .write(SseBodyBuilder().reasoning(u"then that."_s).bytes())
                .stall(),
            m_store.get()));
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    const QString id = exchange->messageId();
    // While the model still thinks, another reader sees the thinking and no answer.
    const auto thinkingSaved = [&] {
        return peek.value(u"SELECT text FROM message_parts WHERE message_id = ? AND position = 0"_s, {id})
                   .toString() == u"First this, then that."_s;
    };
    QTRY_VERIFY_WITH_TIMEOUT(thinkingSaved(), timeout);
    QCOMPARE(peek.messageField(id, u"status"_s), u"streaming"_s);
    QCOMPARE(peek.value(u"SELECT type FROM message_parts WHERE message_id = ? AND position = 0"_s, {id})
                 .toString(),
             u"reasoning"_s);
    QCOMPARE(peek.value(u"SELECT COUNT(*) FROM message_parts WHERE message_id = ?"_s, {id}).toInt(), 1);
    QCOMPARE(peek.messageField(id, u"content"_s), QString());

    // Stopped during the thinking: the thinking stays, with how long it went on.
    QVERIFY(exchange->isActive());
    exchange->cancel();
    QCOMPARE(ended.count(), 1);
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.status, MessageRecord::Status::Stopped);
    QCOMPARE(reply.parts.size(), 1);
    QCOMPARE(reply.parts.at(0).text, u"First this, then that."_s);
    QVERIFY(reply.parts.at(0).durationMs.has_value());
    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(peek.messageField(id, u"status"_s), u"stopped"_s);
    const std::optional<MessageRecord> back = stored(m_conversation.id, id);
    QVERIFY(back);
    QCOMPARE(back->parts, reply.parts);
}

void TestExchange::thinkingWithoutAnAnswerSaysTheAnswerIsMissing()
{
    QVERIFY(setUp());
    std::unique_ptr<Exchange> exchange(ask(u"What is two and two?"_s,
                                           ScriptedResponse::eventStream(SseBodyBuilder()
                                                                             .role()
                                                                             .reasoning(u"Hmm, let me see…"_s)
                                                                             .finish(u"length"_s)
                                                                             .usage(5, 64, 64)
                                                                             .done()
                                                                             .bytes()),
                                           m_store.get()));
    QSignalSpy thought(exchange.get(), &Exchange::thinkingEnded);
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(thought.count(), 1); // the end of the stream ended the thinking
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.content, QString());
    QCOMPARE(reply.parts.size(), 1);
    QCOMPARE(reply.parts.at(0).type, MessagePart::Type::Reasoning);
    QCOMPARE(reply.parts.at(0).text, u"Hmm, let me see…"_s);
    // Said in words a user acts on: no answer, and why.
    QCOMPARE(reply.status, MessageRecord::Status::Error);
    QVERIFY2(reply.errorText.contains(u"stopped while thinking"), qPrintable(reply.errorText));
    QVERIFY2(reply.errorText.contains(u"token limit"), qPrintable(reply.errorText));
    QCOMPARE(reply.finishReason, u"length"_s);
    const std::optional<MessageRecord> back = stored(m_conversation.id, reply.id);
    QVERIFY(back);
    QCOMPARE(back->status, MessageRecord::Status::Error);
    QCOMPARE(back->errorText, reply.errorText);
    QCOMPARE(back->parts, reply.parts);
}

void TestExchange::withoutUsageTheSpeedIsLeftUnset()
{
    QVERIFY(setUp());
    std::unique_ptr<Exchange> exchange(
        ask(u"What is two and two?"_s,
            ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Four"_s).finish().done().bytes()),
            m_store.get()));
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy thought(exchange.get(), &Exchange::thinkingEnded);
    QVERIFY(ended.wait(timeout) || ended.count() == 1);
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QVERIFY(reply.firstTokenMs.has_value());
    QVERIFY(!reply.tokensPerSecond.has_value()); // no count from the server: no guess
    QVERIFY(!reply.reasoningTokens.has_value());
    QCOMPARE(thought.count(), 0); // it did not think
    QCOMPARE(reply.parts, QList<MessagePart>{MessagePart::textPart(u"Four"_s)});
}
