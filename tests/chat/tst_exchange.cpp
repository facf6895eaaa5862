// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_exchange.h"

#include "chatstream.h"
#include "databasepeek.h"
#include "exchange.h"
#include "futurewait.h"
#include "scriptedprovider.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace ExchangeTests;

QString ExchangeTests::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

MessageRecord ExchangeTests::message(const QString &conversationId, const QString &parentId,
                                     MessageRecord::Role role, const QString &content)
{
    MessageRecord message;
    message.id = newId();
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

ConversationRecord ExchangeTests::conversation(const QString &title)
{
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = title;
    conversation.createdAt = conversation.updatedAt = QDateTime::currentDateTimeUtc();
    return conversation;
}

void TestExchange::writesWaitForTheStreamThenFollowIt_data()
{
    TestDatabases::addBackendRows();
}

void TestExchange::aContinuationAddsToTheReplyInPlace_data()
{
    TestDatabases::addBackendRows();
}

void TestExchange::init()
{
    QVERIFY(startRig(0));
}

void TestExchange::cleanup()
{
    stopRig();
}

bool TestExchange::setUp(const QString &backend)
{
    return openStore(backend);
}

ChatStream *TestExchange::stream(const ScriptedResponse &response)
{
    m_server->enqueue("POST", "/v1/chat/completions", response);
    ChatRequest request;
    request.model = u"gpt-test"_s;
    request.messages.append({ChatMessage::Role::User, u"Tell me"_s});
    return m_provider->streamChat(request);
}

Exchange *TestExchange::ask(const QString &question, const ScriptedResponse &response,
                            ConversationStore *store)
{
    return ask(question, stream(response), store);
}

Exchange *TestExchange::ask(const QString &question, ChatStream *stream, ConversationStore *store)
{
    m_conversation = conversation(question);
    m_question = message(m_conversation.id, {}, MessageRecord::Role::User, question);
    Exchange::Plan plan;
    plan.reply = message(m_conversation.id, m_question.id, MessageRecord::Role::Assistant);
    plan.messages = {m_question};
    plan.conversation = [conversation = m_conversation] {
        return std::optional(conversation);
    };
    return new Exchange(store, stream, plan, this);
}

Exchange *TestExchange::continueReply(const MessageRecord &reply, const QStringList &deltas)
{
    Exchange::Plan plan;
    plan.reply = reply;
    plan.continuation = true;
    return new Exchange(m_store.get(),
                        stream(ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes())), plan,
                        this);
}

bool TestExchange::store(const ConversationRecord &conversation, const QList<MessageRecord> &messages)
{
    if (!saved(m_store->createConversation(conversation), this))
        return false;
    return std::all_of(messages.cbegin(), messages.cend(), [this](const MessageRecord &message) {
        return saved(m_store->saveMessage(message), this);
    });
}

std::optional<MessageRecord> TestExchange::stored(const QString &conversationId, const QString &messageId)
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

void TestExchange::writesWaitForTheStreamThenFollowIt()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    DatabasePeek peek(*m_config);
    QElapsedTimer sinceStart;
    sinceStart.start();
    std::unique_ptr<Exchange> exchange(ask(
        u"Hello?"_s,
        ScriptedResponse::eventStream(
            SseBodyBuilder().role().content(u"Hel"_s).content(u"lo"_s).finish().usage(5, 2).done().bytes())
            .holdHeaders(),
        m_store.get()));
    QSignalSpy started(exchange.get(), &Exchange::started);
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy conversationSaved(exchange.get(), &Exchange::conversationSaved);
    QSignalSpy messageSaved(exchange.get(), &Exchange::messageSaved);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QString shown;
    connect(exchange.get(), &Exchange::appended, this, [&shown](const QString &delta) { shown += delta; });

    // The request is in, unanswered: nothing is written while PersistGate holds the writes.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, timeout);
    const int conversationsWhileHeld = peek.conversationCount();
    if (sinceStart.elapsed() < 900) // else the gate's deadline may have let them through
        QCOMPARE(conversationsWhileHeld, 0);
    m_server->release();

    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(started.count(), 1);
    QCOMPARE(shown, u"Hello"_s);
    QCOMPARE(exchange->text(), u"Hello"_s);
    QCOMPARE(ended.count(), 1);
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.id, exchange->messageId());
    QCOMPARE(reply.content, u"Hello"_s);
    QCOMPARE(reply.status, MessageRecord::Status::Complete);
    QCOMPARE(reply.finishReason, u"stop"_s);
    QCOMPARE(reply.promptTokens, std::optional<qint64>(5));
    QCOMPARE(reply.completionTokens, std::optional<qint64>(2));
    QCOMPARE(conversationSaved.count(), 1);
    QVERIFY(!conversationSaved.at(0).at(1).value<StorageError>().isError());
    // The question first, the reply last.
    QCOMPARE(messageSaved.count(), 2);
    QCOMPARE(messageSaved.at(0).at(0).toString(), m_question.id);
    QCOMPARE(messageSaved.at(1).at(0).toString(), exchange->messageId());

    QCOMPARE(peek.conversationField(m_conversation.id, u"title"_s), u"Hello?"_s);
    QCOMPARE(peek.messageField(m_question.id, u"content"_s), u"Hello?"_s);
    QCOMPARE(peek.messageField(exchange->messageId(), u"content"_s), u"Hello"_s);
    QCOMPARE(peek.messageField(exchange->messageId(), u"status"_s), u"complete"_s);
    QCOMPARE(peek.messageField(exchange->messageId(), u"parent_id"_s), m_question.id);
    QCOMPARE(peek.conversationField(m_conversation.id, u"current_leaf_id"_s), exchange->messageId());
}

void TestExchange::aFailedRequestEndsTheReplyAsAnError()
{
    QVERIFY(setUp());
    DatabasePeek peek(*m_config);
    std::unique_ptr<Exchange> exchange(
        ask(u"Hello?"_s, ScriptedResponse::openAiError(400, u"The model does not exist"_s), m_store.get()));
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(ended.count(), 1);
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.status, MessageRecord::Status::Error);
    QVERIFY2(reply.errorText.contains(u"does not exist"), qPrintable(reply.errorText));
    // The question is kept, and the reply says what went wrong.
    QCOMPARE(peek.messageField(m_question.id, u"content"_s), u"Hello?"_s);
    QCOMPARE(peek.messageField(exchange->messageId(), u"status"_s), u"error"_s);
}

void TestExchange::stopKeepsTheTextSoFar()
{
    QVERIFY(setUp());
    DatabasePeek peek(*m_config);
    std::unique_ptr<Exchange> exchange(
        ask(u"Tell me a story"_s,
            ScriptedResponse(200)
                .setHeader("content-type", "text/event-stream")
                .setFraming(ScriptedResponse::Framing::Chunked)
                .write(SseBodyBuilder().role().content(u"Once "_s).content(u"upon"_s).bytes())
                .stall(),
            m_store.get()));
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QTRY_COMPARE_WITH_TIMEOUT(exchange->text(), u"Once upon"_s, timeout);
    QVERIFY(exchange->isActive());
    exchange->cancel();
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.at(0).at(0).value<MessageRecord>().status, MessageRecord::Status::Stopped);
    QVERIFY(!exchange->isActive());
    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(peek.messageField(exchange->messageId(), u"status"_s), u"stopped"_s);
    QCOMPARE(peek.messageField(exchange->messageId(), u"content"_s), u"Once upon"_s);
}

void TestExchange::aContinuationAddsToTheReplyInPlace()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    DatabasePeek peek(*m_config);
    // A reply cut short at the token limit, as stored.
    const ConversationRecord story = conversation(u"Story"_s);
    const MessageRecord question = message(story.id, {}, MessageRecord::Role::User, u"Tell me"_s);
    MessageRecord cut = message(story.id, question.id, MessageRecord::Role::Assistant, u"Once upon"_s);
    cut.status = MessageRecord::Status::Complete;
    cut.finishReason = u"length"_s;
    QVERIFY(store(story, {question, cut}));

    std::unique_ptr<Exchange> exchange(continueReply(cut, {u" a"_s, u" time"_s}));
    QCOMPARE(exchange->text(), u"Once upon"_s); // what it had, before what comes
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy messageSaved(exchange.get(), &Exchange::messageSaved);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);

    QCOMPARE(exchange->text(), u"Once upon a time"_s);
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.id, cut.id);
    QCOMPARE(reply.content, u"Once upon a time"_s);
    QCOMPARE(reply.finishReason, u"stop"_s);
    QCOMPARE(messageSaved.count(), 1);
    QCOMPARE(messageSaved.at(0).at(0).toString(), cut.id);
    // The same message, longer; nothing new beside it.
    QCOMPARE(peek.messageField(cut.id, u"content"_s), u"Once upon a time"_s);
    QCOMPARE(peek.messageField(cut.id, u"finish_reason"_s), u"stop"_s);
    QCOMPARE(peek.value(u"SELECT COUNT(*) FROM messages WHERE conversation_id = ?"_s, {story.id}).toInt(), 2);
}

void TestExchange::contentAfterARefusalIsTheReply()
{
    QVERIFY(setUp());
    std::unique_ptr<Exchange> exchange(
        ask(u"Hello?"_s,
            ScriptedResponse::eventStream(
                SseBodyBuilder().role().refusal(u"I can't"_s).content(u"Sure"_s).finish().bytes()),
            m_store.get()));
    QStringList appended;
    connect(exchange.get(), &Exchange::appended, this,
            [&appended](const QString &delta) { appended << delta; });
    QSignalSpy rewritten(exchange.get(), &Exchange::rewritten);
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QVERIFY(ended.wait(timeout) || ended.count() == 1);
    // The refusal shows while there is nothing else; the content then takes its place whole.
    QCOMPARE(appended, QStringList{u"I can't"_s});
    QCOMPARE(rewritten.count(), 1);
    QCOMPARE(exchange->text(), u"Sure"_s);
    QCOMPARE(ended.at(0).at(0).value<MessageRecord>().content, u"Sure"_s);
}

void TestExchange::withoutAStoreNothingIsWritten()
{
    QVERIFY(setUp());
    DatabasePeek peek(*m_config);
    std::unique_ptr<Exchange> exchange(
        ask(u"Hello?"_s, ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Hi"_s}).bytes()), nullptr));
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy messageSaved(exchange.get(), &Exchange::messageSaved);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.at(0).at(0).value<MessageRecord>().content, u"Hi"_s);
    QCOMPARE(messageSaved.count(), 0);
    bool flushed = false;
    m_store->flush().then(this, [&flushed] { flushed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(flushed, timeout);
    QCOMPARE(peek.conversationCount(), 0);
}

void TestExchange::anAbandonedReplyIsSavedAsInterrupted()
{
    QVERIFY(setUp());
    DatabasePeek peek(*m_config);
    QPointer<Exchange> exchange(ask(u"Tell me a story"_s,
                                    ScriptedResponse(200)
                                        .setHeader("content-type", "text/event-stream")
                                        .setFraming(ScriptedResponse::Framing::Chunked)
                                        .write(SseBodyBuilder().role().content(u"Once upon"_s).bytes())
                                        .stall(),
                                    m_store.get()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange->text(), u"Once upon"_s, timeout);
    const QString replyId = exchange->messageId();
    // Its owner goes (the window closes): the store keeps it until its last write is done.
    exchange->abandon(m_store.get());
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), timeout);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"interrupted"_s);
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"Once upon"_s);
    QCOMPARE(peek.messageField(m_question.id, u"content"_s), u"Tell me a story"_s);
}

QTEST_GUILESS_MAIN(TestExchange)
