// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationstore.h"
#include "databaseconfig.h"
#include "httpchatprovider.h"
#include "messagerecord.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class ChatStream;
class Exchange;

// A reply that thinks before it answers, as the window and confab-cli run it: the real OpenAI
// client against the scripted server, the real store on both backends, read back from a
// connection of the test's own and through the store.
class TestExchangeReasoning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // tst_exchangereasoning.cpp
    void theThinkingIsAPartOfItsOwn_data();
    void theThinkingIsAPartOfItsOwn();
    void theThinkingIsSavedAsItStreams_data();
    void theThinkingIsSavedAsItStreams();
    void thinkingWithoutAnAnswerSaysTheAnswerIsMissing();
    void withoutUsageTheSpeedIsLeftUnset();

    // tst_exchangereasoning_history.cpp
    void aContinuationKeepsTheEarlierParts_data();
    void aContinuationKeepsTheEarlierParts();
    void theNextRequestCarriesTheTextAndNoThinking();
    void theConversationsReasoningEffortGoesWithTheRequest();

private:
    bool setUp(const QString &backend = QStringLiteral("sqlite"));
    // A new conversation's first exchange: the question answered by `response`.
    Exchange *ask(const ScriptedResponse &response);
    ChatStream *stream(const ScriptedResponse &response);
    // The reply as the store reads it back.
    std::optional<MessageRecord> stored(const QString &conversationId, const QString &messageId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<DatabaseConfig> m_config;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<HttpChatProvider> m_provider;
    QString m_conversationId;
};

namespace ReasoningReplies {
// A chunk of thinking as DeepSeek, vLLM and llama.cpp stream it: delta.reasoning_content.
QByteArray thinking(const QString &text);
MessageRecord message(const QString &conversationId, const QString &parentId, MessageRecord::Role role,
                      const QString &content = {});
} // namespace ReasoningReplies
