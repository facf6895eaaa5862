// SPDX-License-Identifier: GPL-3.0-or-later
// What a reply's thinking becomes later: a continued reply keeps it, and the next request of
// the conversation takes the answer alone to an OpenAI-compatible server.
#include "tst_exchange.h"

#include "chatrequestbuilder.h"
#include "chatstream.h"
#include "conversationparameters.h"
#include "exchange.h"
#include "futurewait.h"
#include "recordedrequest.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ExchangeTests;

namespace {

// A question and its reply that thought for 1.5 s before it answered "Four.".
QList<MessageRecord> thoughtBranch(const QString &conversationId)
{
    const MessageRecord question =
        message(conversationId, {}, MessageRecord::Role::User, u"What is two and two?"_s);
    MessageRecord reply = message(conversationId, question.id, MessageRecord::Role::Assistant, u"Four."_s);
    reply.status = MessageRecord::Status::Complete;
    reply.parts = {MessagePart::reasoningPart(u"Two and two make four."_s, 1500),
                   MessagePart::textPart(u"Four."_s)};
    return {question, reply};
}

} // namespace

void TestExchange::aContinuationKeepsTheEarlierParts_data()
{
    TestDatabases::addBackendRows();
}

void TestExchange::aContinuationKeepsTheEarlierParts()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    const ConversationRecord story = conversation(u"Story"_s);
    const MessageRecord question = message(story.id, {}, MessageRecord::Role::User, u"Tell me"_s);
    // A reply that thought, then was cut short at its token limit.
    MessageRecord cut = message(story.id, question.id, MessageRecord::Role::Assistant, u"Once upon"_s);
    cut.status = MessageRecord::Status::Complete;
    cut.finishReason = u"length"_s;
    cut.parts = {MessagePart::reasoningPart(u"A fairy tale, then."_s, 900),
                 MessagePart::textPart(u"Once upon"_s)};
    QVERIFY(store(story, {question, cut}));
    const std::optional<MessageRecord> before = stored(story.id, cut.id);
    QVERIFY(before);

    std::unique_ptr<Exchange> exchange(continueReply(*before, {u" a"_s, u" time"_s}));
    QCOMPARE(exchange->reasoning(), u"A fairy tale, then."_s); // what it had, as the text
    QSignalSpy ended(exchange.get(), &Exchange::ended);
    QSignalSpy finished(exchange.get(), &Exchange::finished);
    QVERIFY(finished.wait(timeout) || finished.count() == 1);

    // The thinking stays as it was; the new text joins the text part.
    const QList<MessagePart> parts{MessagePart::reasoningPart(u"A fairy tale, then."_s, 900),
                                   MessagePart::textPart(u"Once upon a time"_s)};
    const auto reply = ended.at(0).at(0).value<MessageRecord>();
    QCOMPARE(reply.content, u"Once upon a time"_s);
    QCOMPARE(reply.parts, parts);
    const std::optional<MessageRecord> after = stored(story.id, cut.id);
    QVERIFY(after);
    QCOMPARE(after->content, u"Once upon a time"_s);
    QCOMPARE(after->parts, parts);
    QCOMPARE(after->finishReason, u"stop"_s);
}

void TestExchange::theNextRequestCarriesTheTextAndNoThinking()
{
    const QList<MessageRecord> branch = thoughtBranch(u"c1"_s);
    // A reply that thought and never answered gives the model nothing.
    MessageRecord silent = message(u"c1"_s, branch.at(1).id, MessageRecord::Role::Assistant);
    silent.status = MessageRecord::Status::Error;
    silent.parts = {MessagePart::reasoningPart(u"Hmm…"_s, 200)};
    const MessageRecord next =
        message(u"c1"_s, silent.id, MessageRecord::Role::User, u"And three and three?"_s);
    ConversationParameters parameters;
    parameters.model = u"gpt-test"_s;
    ChatRequest request = ChatRequestBuilder::build(parameters, branch + QList{silent, next});

    // The builder hands the dialect the answer as the content and the thinking beside it.
    QCOMPARE(request.messages.size(), 3);
    QCOMPARE(request.messages.at(1).role, ChatMessage::Role::Assistant);
    QCOMPARE(request.messages.at(1).content, u"Four."_s);
    QCOMPARE(request.messages.at(1).parts, QList{branch.at(1).parts.at(0)});
    QCOMPARE(request.messages.at(2).content, u"And three and three?"_s);
    QVERIFY(request.messages.at(0).parts.isEmpty() && request.messages.at(2).parts.isEmpty());

    // The OpenAI-compatible dialect sends the answer alone.
    m_server->enqueue("POST", "/v1/chat/completions",
                      ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Six."_s}).bytes()));
    std::unique_ptr<ChatStream> stream(m_provider->streamChat(request));
    QSignalSpy done(stream.get(), &ChatStream::done);
    QVERIFY(done.wait(timeout) || done.count() == 1);
    QCOMPARE(m_server->requestCount(), 1);
    const QJsonArray sent = m_server->lastRequest().json().value(u"messages").toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(1).toObject(), (QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, u"Four."_s}}));
    QVERIFY(!m_server->lastRequest().body.contains("Two and two make four"));
    QVERIFY(!m_server->lastRequest().body.contains("Hmm"));
}

void TestExchange::theConversationsReasoningEffortGoesWithTheRequest()
{
    ConversationRecord conversation;
    conversation.model = u"gpt-test"_s;
    conversation.reasoningEffort = ReasoningEffort::High;
    const ChatRequest request =
        ChatRequestBuilder::build(ConversationParameters::fromRecord(conversation), thoughtBranch(u"c1"_s));
    QCOMPARE(request.reasoningEffort, std::optional(ReasoningEffort::High));
    conversation.reasoningEffort.reset(); // the server's default: nothing said
    QVERIFY(!ChatRequestBuilder::build(ConversationParameters::fromRecord(conversation), {}).reasoningEffort);
}
