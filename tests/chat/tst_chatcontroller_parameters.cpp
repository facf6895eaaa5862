// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatController, continued: the conversation's parameters and its model.
#include "tst_chatcontroller.h"

void TestChatController::parametersAreSentSavedAndReloaded()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    DatabasePeek peek(*m_config);
    QCOMPARE(m_controller->parameters().model, model);
    QVERIFY(!m_controller->parameters().hasTemperature());

    // The new chat's parameters, before it starts.
    ConversationParameters tuned = m_controller->parameters();
    tuned.profile = u"lab"_s;
    tuned.model = u"gpt-tuned"_s;
    tuned.systemPrompt = u"Answer in French."_s;
    tuned.setTemperatureOrNaN(0.25);
    tuned.setTopPOrNaN(0.5);
    tuned.setMaxTokensOrZero(123);
    QSignalSpy changed(m_controller.get(), &ChatController::parametersChanged);
    m_controller->setParameters(tuned);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_controller->parameters(), tuned);
    QCOMPARE(peek.conversationCount(), 0);

    QVERIFY(exchange(u"Hello"_s, {u"Bonjour"_s}));
    QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"model").toString(), u"gpt-tuned"_s);
    QCOMPARE(body.value(u"temperature").toDouble(), 0.25);
    QCOMPARE(body.value(u"top_p").toDouble(), 0.5);
    QCOMPARE(body.value(u"max_tokens").toInt(), 123);
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"system: Answer in French."_s, u"user: Hello"_s}));

    const QString id = m_controller->conversationId();
    QCOMPARE(peek.conversationField(id, u"provider_profile"_s), u"lab"_s);
    QCOMPARE(peek.conversationField(id, u"model"_s), u"gpt-tuned"_s);
    QCOMPARE(peek.conversationField(id, u"system_prompt"_s), u"Answer in French."_s);
    QCOMPARE(peek.value(u"SELECT temperature FROM conversations WHERE id = ?"_s, {id}).toDouble(), 0.25);
    QCOMPARE(peek.value(u"SELECT top_p FROM conversations WHERE id = ?"_s, {id}).toDouble(), 0.5);
    QCOMPARE(peek.value(u"SELECT max_tokens FROM conversations WHERE id = ?"_s, {id}).toInt(), 123);

    // A new chat starts from the defaults again.
    m_controller->newChat();
    QCOMPARE(m_controller->parameters().model, model);
    QVERIFY(!m_controller->parameters().hasTemperature());
    QCOMPARE(m_controller->parameters().systemPrompt, QString());

    // After a restart, opening the conversation brings them back.
    makeController();
    QSignalSpy reloaded(m_controller.get(), &ChatController::parametersChanged);
    m_controller->openConversation(id);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->parameters(), tuned, timeout);
    QVERIFY(reloaded.count() >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);

    // Changed on the open conversation: saved, and the next request uses them.
    ConversationParameters cooler = m_controller->parameters();
    cooler.setTemperatureOrNaN(0.0);
    cooler.setTopPOrNaN(qQNaN());
    cooler.setMaxTokensOrZero(0);
    cooler.systemPrompt = u"Answer in German."_s;
    m_controller->setParameters(cooler);
    QCOMPARE(m_controller->parameters(), cooler);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(id, u"system_prompt"_s), u"Answer in German."_s,
                              timeout);
    QCOMPARE(peek.value(u"SELECT temperature FROM conversations WHERE id = ?"_s, {id}).toDouble(), 0.0);
    QVERIFY(peek.value(u"SELECT top_p FROM conversations WHERE id = ?"_s, {id}).isNull());
    QVERIFY(peek.value(u"SELECT max_tokens FROM conversations WHERE id = ?"_s, {id}).isNull());

    QVERIFY(exchange(u"Again"_s, {u"Hallo"_s}));
    body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"model").toString(), u"gpt-tuned"_s);
    QVERIFY(body.contains(u"temperature"));
    QCOMPARE(body.value(u"temperature").toDouble(), 0.0);
    QVERIFY(!body.contains(u"top_p"));
    QVERIFY(!body.contains(u"max_tokens"));
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"system: Answer in German."_s, u"user: Hello"_s, u"assistant: Bonjour"_s,
                          u"user: Again"_s}));
}

void TestChatController::invalidParametersAreRefused()
{
    QVERIFY(setUp());
    QSignalSpy errors(m_controller.get(), &ChatController::error);
    QSignalSpy changed(m_controller.get(), &ChatController::parametersChanged);
    const ConversationParameters before = m_controller->parameters();
    ConversationParameters hot = before;
    hot.setTemperatureOrNaN(2.5);
    m_controller->setParameters(hot);
    ConversationParameters wide = before;
    wide.setTopPOrNaN(-0.1);
    m_controller->setParameters(wide);
    QCOMPARE(errors.count(), 2);
    QVERIFY(errors.at(0).at(0).toString().contains(u"temperature"));
    QVERIFY(errors.at(1).at(0).toString().contains(u"Top P"));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_controller->parameters(), before);
}

void TestChatController::failedParameterSaveIsReported()
{
    QVERIFY(setUp());
    QVERIFY(exchange(u"Question"_s, {u"Answer"_s}));
    const QString id = m_controller->conversationId();
    {
        // Another program's rule that refuses every change to the conversation.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"refuser"_s);
        db.setDatabaseName(m_config->sqlitePath);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"CREATE TRIGGER refuse BEFORE UPDATE ON conversations"
                            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s),
                 qPrintable(query.lastError().text()));
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"refuser"_s);

    QSignalSpy errors(m_controller.get(), &ChatController::error);
    ConversationParameters changed = m_controller->parameters();
    changed.systemPrompt = u"Never kept"_s;
    m_controller->setParameters(changed);
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, timeout);
    QVERIFY2(errors.at(0).at(0).toString().contains(u"settings were not saved"),
             qPrintable(errors.at(0).at(0).toString()));
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.conversationField(id, u"system_prompt"_s), QString());
}

void TestChatController::setModelChangesTheOpenConversation()
{
    QVERIFY(setUp());
    DatabasePeek peek(*m_config);
    QVERIFY(exchange(u"First"_s, {u"One"_s}));
    const QString id = m_controller->conversationId();
    QCOMPARE(peek.conversationField(id, u"model"_s), model);

    // Picked in the selector: the open conversation changes, and so does the default.
    QSignalSpy changed(m_controller.get(), &ChatController::parametersChanged);
    m_controller->setModel(u"gpt-other"_s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_controller->parameters().model, u"gpt-other"_s);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(id, u"model"_s), u"gpt-other"_s, timeout);
    QVERIFY(exchange(u"Second"_s, {u"Two"_s}));
    QCOMPARE(m_server->lastRequest().json().value(u"model").toString(), u"gpt-other"_s);
    // Picking the model it already has writes nothing.
    m_controller->setModel(u"gpt-other"_s);
    QCOMPARE(changed.count(), 1);

    m_controller->newChat();
    QCOMPARE(m_controller->parameters().model, u"gpt-other"_s);
    m_controller->setModel(u"gpt-third"_s);
    QCOMPARE(m_controller->parameters().model, u"gpt-third"_s);
    // The conversation left behind keeps its model.
    QCOMPARE(peek.conversationField(id, u"model"_s), u"gpt-other"_s);
}

void TestChatController::aRequestNeverLeavesWithoutAModel()
{
    QVERIFY(setUp());
    QSignalSpy errors(m_controller.get(), &ChatController::error);
    QSignalSpy shown(m_controller.get(), &ChatController::requestModelChanged);
    // The profile has no model (yet): a new chat has none to ask.
    m_controller->setModel(QString());
    m_controller->newChat();
    QCOMPARE(m_controller->requestModel(), QString());
    QVERIFY(shown.count() >= 1);
    QVERIFY(!m_controller->send(u"Hello?"_s));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(u"model"), qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_server->requestCount(), 0);
    QVERIFY(m_controller->conversationId().isEmpty());

    // Once there is one, it is the one shown and the one sent.
    m_controller->setDefaultModel(u"gpt-late"_s);
    QCOMPARE(m_controller->requestModel(), u"gpt-late"_s);
    QVERIFY(exchange(u"Hello?"_s, {u"Hi"_s}));
    QCOMPARE(m_server->lastRequest().json().value(u"model").toString(), u"gpt-late"_s);
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.conversationField(m_controller->conversationId(), u"model"_s), u"gpt-late"_s);
}
