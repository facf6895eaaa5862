// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "conversationstore.h"
#include "databaseconfig.h"
#include "httpchatprovider.h"
#include "messagerecord.h"
#include "scriptedchatrig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class ChatStream;
class Exchange;

// One exchange as the window and confab-cli ask both run it: the real OpenAI client against the
// scripted server, the real store on both backends, read back from a connection of the test's
// own and through the store.
class TestExchange : public QObject, protected ScriptedChatRig
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // tst_exchange.cpp
    void writesWaitForTheStreamThenFollowIt_data();
    void writesWaitForTheStreamThenFollowIt();
    void aFailedRequestEndsTheReplyAsAnError();
    void stopKeepsTheTextSoFar();
    void aContinuationAddsToTheReplyInPlace_data();
    void aContinuationAddsToTheReplyInPlace();
    void contentAfterARefusalIsTheReply();
    void withoutAStoreNothingIsWritten();
    void anAbandonedReplyIsSavedAsInterrupted();

    // tst_exchange_reasoning.cpp: a reply that thinks before it answers
    void theThinkingIsAPartOfItsOwn_data();
    void theThinkingIsAPartOfItsOwn();
    void thinkTagsAreThinking_data();
    void thinkTagsAreThinking();
    void theThinkingIsSavedAsItStreams_data();
    void theThinkingIsSavedAsItStreams();
    void thinkingWithoutAnAnswerSaysTheAnswerIsMissing();
    void withoutUsageTheSpeedIsLeftUnset();
    void anthropicsSignedAndRedactedThinkingAreKept_data();
    void anthropicsSignedAndRedactedThinkingAreKept();

    // tst_exchange_history.cpp: what the thinking becomes later
    void aContinuationKeepsTheEarlierParts_data();
    void aContinuationKeepsTheEarlierParts();
    void theNextRequestCarriesTheTextAndNoThinking();
    void theConversationsReasoningEffortGoesWithTheRequest();

private:
    bool setUp(const QString &backend = QStringLiteral("sqlite"));
    // A new conversation's first exchange, `question` answered by `response`.
    Exchange *ask(const QString &question, const ScriptedResponse &response, ConversationStore *store);
    Exchange *ask(const QString &question, ChatStream *stream, ConversationStore *store);
    ChatStream *stream(const ScriptedResponse &response);
    // An exchange that continues `reply`, stored, with `deltas`.
    Exchange *continueReply(const MessageRecord &reply, const QStringList &deltas);
    // A stored conversation with `messages`, through the store.
    bool store(const ConversationRecord &conversation, const QList<MessageRecord> &messages);
    // The message as the store reads it back.
    std::optional<MessageRecord> stored(const QString &conversationId, const QString &messageId);

    ConversationRecord m_conversation;
    MessageRecord m_question;
};

namespace ExchangeTests {
constexpr int timeout = 30000;
QString newId();
MessageRecord message(const QString &conversationId, const QString &parentId, MessageRecord::Role role,
                      const QString &content = {});
ConversationRecord conversation(const QString &title);
} // namespace ExchangeTests
