// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatController, continued: sending, streaming, stopping, and a failed request or save.
#include "tst_chatcontroller.h"

void TestChatController::sendShowsRowsStreamsFirstThenSaves()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    DatabasePeek peek(*m_config);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Hel"_s, u"lo"_s, u" there"_s}));

    // When the rows appear nothing has been written or sent yet.
    int rowsWhenShown = -1;
    int writtenWhenShown = -1;
    qsizetype requestsWhenShown = -1;
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [&] {
        rowsWhenShown = m_model->rowCount();
        writtenWhenShown = peek.conversationCount();
        requestsWhenShown = m_server->requestCount();
    });
    // When the request arrives, the user's message is not in the database yet.
    int userRowsWhenReceived = -1;
    QString userId;
    connect(m_server.get(), &ScriptedServer::requestReceived, this,
            [&] { userRowsWhenReceived = peek.messageCount(userId); });

    QSignalSpy started(m_controller.get(), &ChatController::conversationStarted);
    m_controller->send(u"Say hello to the new chat please"_s);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(rowsWhenShown, 2);
    QCOMPARE(writtenWhenShown, 0);
    QCOMPARE(requestsWhenShown, 0);
    QCOMPARE(started.count(), 1);
    userId = idAt(*m_model, 0);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::RoleRole).toString(), u"user"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::ContentRole).toString(),
             u"Say hello to the new chat please"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::SaveStateRole).toString(), u"saving"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"pending"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), QString());
    QVERIFY(m_controller->isStreaming());
    QVERIFY(!m_controller->conversationId().isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, timeout);
    QCOMPARE(userRowsWhenReceived, 0);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Say hello to the new chat please"_s});
    QCOMPARE(m_server->lastRequest().json().value(u"model").toString(), model);

    QVERIFY(waitForSaved(1));
    QVERIFY(waitForSaved(0));
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Hello there"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s);
    QVERIFY(!roleAt(*m_model, 1, MessageModel::UsageRole).toString().isEmpty());
    QVERIFY(!m_controller->isStreaming());

    const QString replyId = idAt(*m_model, 1);
    QCOMPARE(peek.messageField(userId, u"content"_s), u"Say hello to the new chat please"_s);
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"Hello there"_s);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"complete"_s);
    QCOMPARE(peek.messageField(replyId, u"parent_id"_s), userId);
    QCOMPARE(peek.value(u"SELECT title FROM conversations WHERE id = ?"_s, {m_controller->conversationId()})
                 .toString(),
             u"Say hello to the new chat please"_s);
    QCOMPARE(peek.value(u"SELECT current_leaf_id FROM conversations WHERE id = ?"_s,
                        {m_controller->conversationId()})
                 .toString(),
             replyId);
}

void TestChatController::deltasAreCoalesced()
{
    QVERIFY(setUp());
    // 200 deltas, each its own write and event: a fast model.
    ScriptedResponse response = ScriptedResponse::eventStream(SseBodyBuilder().role().bytes());
    QString expected;
    for (int i = 0; i < 200; ++i) {
        const QString word = u"t%1 "_s.arg(i);
        expected += word;
        response.write(SseBodyBuilder().content(word).bytes());
    }
    response.write(SseBodyBuilder().finish().usage(5, 200).done().bytes());
    m_server->enqueue("POST", chatPath.toByteArray(), response);

    QElapsedTimer clock;
    clock.start();
    QList<qint64> contentAt; // ms
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                QCOMPARE(from.row(), to.row());
                if (!roles.contains(MessageModel::ContentRole))
                    return;
                QCOMPARE(from.row(), 1);                                // the reply only
                QCOMPARE(roles, QList<int>{MessageModel::ContentRole}); // and nothing else with it
                contentAt.append(clock.elapsed());
            });
    m_controller->send(u"Count"_s);
    QVERIFY(waitForSaved(1));
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), expected);

    qInfo() << "200 deltas in" << clock.elapsed() << "ms," << contentAt.size() << "content updates";
    // Far fewer updates than deltas (a dozen on an idle machine; the bound leaves room for a
    // loaded one, whose slower turns let fewer deltas share a frame).
    QVERIFY2(contentAt.size() >= 2 && contentAt.size() < 100, qPrintable(QString::number(contentAt.size())));
    // At most one update a frame; only the last, at the end of the stream, comes sooner.
    for (qsizetype i = 1; i + 1 < contentAt.size(); ++i) {
        const qint64 gap = contentAt.at(i) - contentAt.at(i - 1);
        QVERIFY2(gap >= 15, qPrintable(u"updates %1 ms apart"_s.arg(gap)));
    }
}

void TestChatController::stopKeepsTheText()
{
    QVERIFY(setUp());
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Once upon"_s).bytes()).stall());
    m_controller->send(u"Tell a story"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Once upon"_s,
                              timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"streaming"_s);
    QVERIFY(m_controller->isStreaming());

    QSignalSpy streaming(m_controller.get(), &ChatController::streamingChanged);
    m_controller->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isStreaming(), timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"stopped"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Once upon"_s);
    QVERIFY(streaming.count() >= 1);
    QVERIFY(waitForSaved(1));
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.messageField(idAt(*m_model, 1), u"status"_s), u"stopped"_s);
    QCOMPARE(peek.messageField(idAt(*m_model, 1), u"content"_s), u"Once upon"_s);
}

void TestChatController::errorShowsOnTheRowAndRetryAsksAgain()
{
    QVERIFY(setUp(u"sqlite"_s, 0));
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::openAiError(500, u"The server had an error while processing"_s, u"server_error"_s));
    m_controller->send(u"Hello?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"error"_s, timeout);
    const QString errorText = roleAt(*m_model, 1, MessageModel::ErrorTextRole).toString();
    QVERIFY2(errorText.contains(u"The server had an error while processing"_s), qPrintable(errorText));
    QVERIFY2(errorText.contains(u"500"_s), qPrintable(errorText));
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), QString()); // never in the text
    QVERIFY(waitForSaved(1));
    QCOMPARE(m_server->requestCount(), 1);

    const QString replyId = idAt(*m_model, 1);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Here I am"_s}));
    m_controller->retry(replyId);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"pending"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ErrorTextRole).toString(), QString());
    QVERIFY(waitForSaved(1));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(idAt(*m_model, 1), replyId);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Here I am"_s);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Hello?"_s});
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"complete"_s);
    QCOMPARE(peek.messageField(replyId, u"error_text"_s), QString());
}

void TestChatController::failedSaveShowsNotSaved()
{
    // A database in a "folder" that is a file: it cannot be opened.
    QFile blocker(m_dir->filePath(u"not-a-folder"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QString error;
    const std::optional<DatabaseConfig> config =
        DatabaseConfig::parse(m_dir->filePath(u"not-a-folder/history.sqlite"_s), &error);
    QVERIFY2(config, qPrintable(error));
    m_store = std::make_unique<ConversationStore>(*config);
    QTRY_COMPARE_WITH_TIMEOUT(m_store->status(), ConversationStore::Status::Failed, timeout);
    ProviderConfig providerConfig;
    providerConfig.baseUrl = m_server->baseUrl();
    providerConfig.retry.maxRetries = 0;
    m_provider = std::make_unique<HttpChatProvider>(m_network.get(), std::make_unique<OpenAiDialect>(),
                                                    providerConfig);
    makeController();

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Answered anyway"_s}));
    m_controller->send(u"Will this be kept?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::SaveStateRole).toString(), u"notSaved"_s,
                              timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::SaveStateRole).toString(), u"notSaved"_s,
                              timeout);
    // The reply is shown in full all the same.
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Answered anyway"_s);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s);

    // Retrying tries again, and says so.
    m_controller->retry(idAt(*m_model, 0));
    QCOMPARE(roleAt(*m_model, 0, MessageModel::SaveStateRole).toString(), u"saving"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::SaveStateRole).toString(), u"notSaved"_s,
                              timeout);
}
