// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatController, continued: continued replies, how a reply ended, starting from an
// assistant, and a thinking reply shown again.
#include "tst_chatcontroller.h"

void TestChatController::aCutShortReplyContinuesInTheSameMessage()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Once upon"_s}, u"length"_s).bytes()));
    m_controller->send(u"Tell me a story"_s);
    QVERIFY(waitForSaved(1));
    const QString id = idAt(*m_model, 1);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::FinishReasonRole).toString(), u"length"_s);

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u" a time"_s, u", the end."_s}));
    m_controller->continueReply(id);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::ContentRole).toString(),
                              u"Once upon a time, the end."_s, timeout);
    QVERIFY(waitForSaved(1));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(idAt(*m_model, 1), id);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::FinishReasonRole).toString(), u"stop"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s);

    // The request: the story so far as the model's own turn, then the instruction to go on.
    const RecordedRequest request = m_server->lastRequest();
    QCOMPARE(request.json().value(u"model").toString(), model);
    const QStringList sent = sentMessages(request);
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(0), u"user: Tell me a story"_s);
    QCOMPARE(sent.at(1), u"assistant: Once upon"_s);
    QVERIFY2(sent.at(2).startsWith(u"user: ") && sent.at(2).contains(u"Continue"), qPrintable(sent.at(2)));

    // Saved as one message, after a restart too.
    DatabasePeek peek(*m_config);
    QTRY_COMPARE_WITH_TIMEOUT(peek.messageField(id, u"content"_s), u"Once upon a time, the end."_s, timeout);
    QCOMPARE(peek.messageField(id, u"finish_reason"_s), u"stop"_s);
    QCOMPARE(peek.value(u"SELECT COUNT(*) FROM messages WHERE conversation_id = ?"_s,
                        {m_controller->conversationId()})
                 .toInt(),
             2);
    const QString conversationId = m_controller->conversationId();
    makeController();
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Once upon a time, the end."_s);

    // Only a reply cut short is continued.
    const int before = int(m_server->requestCount());
    m_controller->continueReply(id);
    QCOMPARE(m_server->requestCount(), before);
    QVERIFY(!m_controller->isStreaming());
}

void TestChatController::howAReplyEndedIsShown()
{
    QVERIFY(setUp());
    const QStringList reasons{u"content_filter"_s, u"tool_calls"_s, u"stop"_s};
    for (const QString &reason : reasons) {
        m_server->enqueue("POST", chatPath.toByteArray(),
                          ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Some"_s}, reason).bytes()));
        const int row = m_model->rowCount() + 1;
        m_controller->send(u"Question"_s);
        QVERIFY(waitForSaved(row));
        QCOMPARE(roleAt(*m_model, row, MessageModel::FinishReasonRole).toString(), reason);
        DatabasePeek peek(*m_config);
        QCOMPARE(peek.messageField(idAt(*m_model, row), u"finish_reason"_s), reason);
    }
    QCOMPARE(m_model->roleNames().value(MessageModel::FinishReasonRole), QByteArray("finishReason"));
}

void TestChatController::startFromAssistantShowsTheGreeting()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    DatabasePeek peek(*m_config);
    // Settings of their own: makeController() replaces m_settings.
    QSettings assistantSettings(m_dir->filePath(u"assistants.ini"_s), QSettings::IniFormat);
    AssistantStore store(&assistantSettings);
    AssistantListModel assistants(&store);
    QCOMPARE(assistants.add({{u"name"_s, u"Chef"_s},
                             {u"systemPrompt"_s, u"You are a chef."_s},
                             {u"temperature"_s, 0.9},
                             {u"maxTokens"_s, 400},
                             {u"greeting"_s, u"What shall we cook today?"_s}}),
             QString());
    QCOMPARE(assistants.add({{u"name"_s, u"Terse"_s}, {u"model"_s, u"gpt-small"_s}}), QString());
    m_controller->setAssistants(&store);

    QSignalSpy errors(m_controller.get(), &ChatController::error);
    m_controller->startFromAssistant(u"Nobody"_s);
    QCOMPARE(errors.count(), 1);

    m_controller->startFromAssistant(u"chef"_s); // names compare without case
    QCOMPARE(m_controller->conversationId(), QString());
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::ContentRole).toString(), u"What shall we cook today?"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::StatusRole).toString(), u"complete"_s);
    const ConversationParameters parameters = m_controller->parameters();
    QCOMPARE(parameters.model, model); // none in the assistant: the default
    QCOMPARE(parameters.systemPrompt, u"You are a chef."_s);
    QCOMPARE(parameters.temperatureOrNaN(), 0.9);
    QCOMPARE(parameters.maxTokensOrZero(), 400);
    QVERIFY(!parameters.hasTopP());
    // Nothing is written until the chat starts.
    QCOMPARE(peek.conversationCount(), 0);
    // The greeting was not generated: there is nothing to regenerate.
    m_controller->regenerate(idAt(*m_model, 0));
    QCOMPARE(m_model->rowCount(), 1);

    QSignalSpy firstReply(m_controller.get(), &ChatController::firstReplyCompleted);
    const QString greetingId = idAt(*m_model, 0);
    QVERIFY(exchange(u"Soup, please"_s, {u"Gazpacho it is."_s}));
    QVERIFY(waitForSaved(0));
    QCOMPARE(m_model->rowCount(), 3);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"system: You are a chef."_s, u"assistant: What shall we cook today?"_s,
                          u"user: Soup, please"_s}));
    QCOMPARE(body.value(u"temperature").toDouble(), 0.9);
    QCOMPARE(body.value(u"max_tokens").toInt(), 400);
    QVERIFY(!body.contains(u"top_p"));

    const QString id = m_controller->conversationId();
    QCOMPARE(peek.messageCount(greetingId), 1);
    QCOMPARE(peek.messageField(greetingId, u"conversation_id"_s), id);
    QCOMPARE(peek.messageField(greetingId, u"role"_s), u"assistant"_s);
    QCOMPARE(peek.messageField(greetingId, u"status"_s), u"complete"_s);
    QCOMPARE(peek.messageField(greetingId, u"content"_s), u"What shall we cook today?"_s);
    QVERIFY(peek.value(u"SELECT parent_id FROM messages WHERE id = ?"_s, {greetingId}).isNull());
    QCOMPARE(peek.messageField(idAt(*m_model, 1), u"parent_id"_s), greetingId);
    QCOMPARE(peek.conversationField(id, u"system_prompt"_s), u"You are a chef."_s);
    QCOMPARE(peek.value(u"SELECT max_tokens FROM conversations WHERE id = ?"_s, {id}).toInt(), 400);
    QCOMPARE(peek.value(u"SELECT current_leaf_id FROM conversations WHERE id = ?"_s, {id}).toString(),
             idAt(*m_model, 2));
    // The first question is the one after the greeting: the chat gets its title from it.
    QCOMPARE(firstReply.count(), 1);
    QCOMPARE(firstReply.at(0).at(1).toString(), u"Soup, please"_s);

    // Reopened after a restart: the greeting is the first message.
    makeController();
    m_controller->openConversation(id);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 3, timeout);
    QCOMPARE(idAt(*m_model, 0), greetingId);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->parameters().systemPrompt, u"You are a chef."_s, timeout);

    // An assistant without a greeting starts an empty chat with its model.
    m_controller->setAssistants(&store);
    m_controller->startFromAssistant(u"Terse"_s);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_controller->parameters().model, u"gpt-small"_s);
    QVERIFY(exchange(u"Hi"_s, {u"Hi."_s}));
    QCOMPARE(m_server->lastRequest().json().value(u"model").toString(), u"gpt-small"_s);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Hi"_s});
}

void TestChatController::aThinkingReplyReadAfreshKeepsItsThinking()
{
    QVERIFY(setUp());
    QVERIFY(exchange(u"First question"_s, {u"First answer."_s}));
    const QString conversationId = m_controller->conversationId();
    // The thinking streams, then the server waits until the test has looked.
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().reasoning(u"Weigh *both* sides."_s).bytes())
            .hold()
            .write(SseBodyBuilder().content(u"Both, then."_s).finish().done().bytes())
            .end());
    m_controller->send(u"Which one?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(roleAt(*m_model, 3, MessageModel::ThinkingRole).toBool(), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 3, MessageModel::ReasoningRole).toString(),
                              u"Weigh *both* sides."_s, timeout);
    const QDateTime since = roleAt(*m_model, 3, MessageModel::ThinkingSinceRole).toDateTime();
    QVERIFY(since.isValid());

    // Another chat, then this one again while it still thinks: the row is read afresh from the
    // store, and shows the thinking as the exchange has it, its timer still from when it began.
    m_controller->newChat();
    QCOMPARE(m_model->rowCount(), 0);
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(roleAt(*m_model, 3, MessageModel::ThinkingRole).toBool(), timeout);
    QCOMPARE(roleAt(*m_model, 3, MessageModel::ReasoningRole).toString(), u"Weigh *both* sides."_s);
    QCOMPARE(roleAt(*m_model, 3, MessageModel::ThinkingSinceRole).toDateTime(), since);

    // The answer ends the thinking, with how long it took.
    m_server->release();
    QVERIFY(waitForSaved(3));
    QCOMPARE(roleAt(*m_model, 3, MessageModel::ContentRole).toString(), u"Both, then."_s);
    QVERIFY(!roleAt(*m_model, 3, MessageModel::ThinkingRole).toBool());
    QVERIFY(roleAt(*m_model, 3, MessageModel::ThinkingMsRole).toLongLong() >= 0);
    QCOMPARE(roleAt(*m_model, 3, MessageModel::ReasoningRole).toString(), u"Weigh *both* sides."_s);
}
