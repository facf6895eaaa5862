// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_exchangereasoning.h"

#include "chatstream.h"
#include "databasepeek.h"
#include "exchange.h"
#include "futurewait.h"
#include "openaijson.h"
#include "scriptedprovider.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using ReasoningReplies::message;
using ReasoningReplies::thinking;

namespace {

constexpr int timeout = 30000;

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

QByteArray ReasoningReplies::thinking(const QString &text)
{
    return SseBodyBuilder().data(OpenAiJson::chunk({{u"reasoning_content"_s, text}})).bytes();
}

MessageRecord ReasoningReplies::message(const QString &conversationId, const QString &parentId,
                                        MessageRecord::Role role, const QString &content)
{
    MessageRecord message;
    message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.conversationId = conversationId;
    message.parentId = parentId;
    message.role = role;
    message.content = content;
    message.status =
        role == MessageRecord::Role::User ? MessageRecord::Status::Complete : MessageRecord::Status::Pending;
    message.model = role == MessageRecord::Role::User ? QString() : u"gpt-test"_s;
    message.createdAt = message.updatedAt = QDateTime::currentDateTimeUtc();
    return message;
}

void TestExchangeReasoning::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_provider = scriptedOpenAi(*m_server, m_network.get(), 0);
}

void TestExchangeReasoning::cleanup()
{
    m_provider.reset();
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_config.reset();
}

bool TestExchangeReasoning::setUp(const QString &backend)
{
    QString error;
    m_config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!m_config) {
        qWarning() << error;
        return false;
    }
    m_store = std::make_unique<ConversationStore>(*m_config);
    return QTest::qWaitFor([&] { return m_store->status() == ConversationStore::Status::Ready; }, timeout);
}

ChatStream *TestExchangeReasoning::stream(const ScriptedResponse &response)
{
    m_server->enqueue("POST", "/v1/chat/completions", response);
    ChatRequest request;
    request.model = u"gpt-test"_s;
    request.messages.append({ChatMessage::Role::User, u"What is two and two?"_s});
    return m_provider->streamChat(request);
}

Exchange *TestExchangeReasoning::ask(const ScriptedResponse &response)
{
    ConversationRecord conversation;
    conversation.id = m_conversationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    conversation.title = u"Sums"_s;
    conversation.createdAt = conversation.updatedAt = QDateTime::currentDateTimeUtc();
    const MessageRecord question =
        message(conversation.id, {}, MessageRecord::Role::User, u"What is two and two?"_s);
    Exchange::Plan plan;
    plan.reply = message(conversation.id, question.id, MessageRecord::Role::Assistant);
    plan.messages = {question};
    plan.conversation = [conversation] {
        return std::optional(conversation);
    };
    return new Exchange(m_store.get(), stream(response), plan, this);
}

std::optional<MessageRecord> TestExchangeReasoning::stored(const QString &conversationId,
                                                           const QString &messageId)
{
    const auto branch = take(m_store->fullBranch(conversationId), this);
    if (!branch || !branch->ok())
        return std::nullopt;
    for (const MessageRecord &message : branch->value) {
        if (message.id == messageId)
            return message;
    }
    return std::nullopt;
}

void TestExchangeReasoning::theThinkingIsAPartOfItsOwn_data()
{
    TestDatabases::addBackendRows();
}

void TestExchangeReasoning::theThinkingIsAPartOfItsOwn()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    // The model thinks, pauses, then answers: the thinking lasts at least the pause.
    constexpr qint64 pauseMs = 400;
    QStringList events;
    std::unique_ptr<Exchange> exchange(
        ask(ScriptedResponse(200)
                .setHeader("content-type", "text/event-stream")
                .setFraming(ScriptedResponse::Framing::Chunked)
                .write(SseBodyBuilder().role().bytes() + thinking(u"Two and "_s))
                .write(thinking(u"two…"_s))
                .delay(std::chrono::milliseconds(pauseMs))
                .write(SseBodyBuilder()
                           .content(u"Four"_s)
                           .content(u"."_s)
                           .finish()
                           .usage(5, 20, 12)
                           .done()
                           .bytes())));
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
    const std::optional<MessageRecord> back = stored(m_conversationId, reply.id);
    QVERIFY(back);
    QCOMPARE(back->parts, parts);
    QCOMPARE(back->reasoningTokens, reply.reasoningTokens);
    QCOMPARE(back->firstTokenMs, reply.firstTokenMs);
    QVERIFY(back->tokensPerSecond);
    QVERIFY(qFuzzyCompare(*back->tokensPerSecond, *reply.tokensPerSecond));
}

void TestExchangeReasoning::theThinkingIsSavedAsItStreams_data()
{
    TestDatabases::addBackendRows();
}

void TestExchangeReasoning::theThinkingIsSavedAsItStreams()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    const DatabasePeek peek(*m_config);
    std::unique_ptr<Exchange> exchange(
        ask(ScriptedResponse(200)
                .setHeader("content-type", "text/event-stream")
                .setFraming(ScriptedResponse::Framing::Chunked)
                .write(SseBodyBuilder().role().bytes() + thinking(u"First this, "_s))
                .delay(50ms)
                .write(thinking(u"then that."_s))
                .stall()));
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
    const std::optional<MessageRecord> back = stored(m_conversationId, id);
    QVERIFY(back);
    QCOMPARE(back->parts, reply.parts);
}

void TestExchangeReasoning::thinkingWithoutAnAnswerSaysTheAnswerIsMissing()
{
    QVERIFY(setUp());
    std::unique_ptr<Exchange> exchange(
        ask(ScriptedResponse::eventStream(SseBodyBuilder()
                                              .role()
                                              .raw(thinking(u"Hmm, let me see…"_s))
                                              .finish(u"length"_s)
                                              .usage(5, 64, 64)
                                              .done()
                                              .bytes())));
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
    const std::optional<MessageRecord> back = stored(m_conversationId, reply.id);
    QVERIFY(back);
    QCOMPARE(back->status, MessageRecord::Status::Error);
    QCOMPARE(back->errorText, reply.errorText);
    QCOMPARE(back->parts, reply.parts);
}

void TestExchangeReasoning::withoutUsageTheSpeedIsLeftUnset()
{
    QVERIFY(setUp());
    std::unique_ptr<Exchange> exchange(ask(
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Four"_s).finish().done().bytes())));
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

QTEST_GUILESS_MAIN(TestExchangeReasoning)
