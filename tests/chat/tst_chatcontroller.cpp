// SPDX-License-Identifier: GPL-3.0-or-later
// One exchange as the window runs it: the real OpenAI client against the scripted server, the
// real store on both backends, the database read back from a connection of the test's own.
#include "chatcontroller.h"
#include "conversationlistmodel.h"
#include "draftstore.h"
#include "messagemodel.h"
#include "assistantlistmodel.h"
#include "assistantstore.h"
#include "conversationstore.h"
#include "databasepeek.h"
#include "futurewait.h"
#include "openaiprovider.h"
#include "providerconfig.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 30000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";
const QString model = u"gpt-test"_s;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QVariant roleAt(const MessageModel &model, int row, int role)
{
    return model.data(model.index(row), role);
}

QString idAt(const MessageModel &model, int row)
{
    return roleAt(model, row, MessageModel::MessageIdRole).toString();
}

ScriptedResponse reply(const QStringList &deltas)
{
    return ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes());
}

// The contents of the messages a request carried, e.g. {"user: Hi", "assistant: Hello"}.
QStringList sentMessages(const RecordedRequest &request)
{
    QStringList messages;
    const QJsonArray array = request.json().value(u"messages").toArray();
    for (const QJsonValue &message : array) {
        messages.append(message[u"role"].toString() + u": "_s + message[u"content"].toString());
    }
    return messages;
}

} // namespace

class TestChatController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendShowsRowsStreamsFirstThenSaves_data() { TestDatabases::addBackendRows(); }
    void sendShowsRowsStreamsFirstThenSaves();
    void deltasAreCoalesced();
    void stopKeepsTheText();
    void regenerateAndEditMakeBranches_data() { TestDatabases::addBackendRows(); }
    void regenerateAndEditMakeBranches();
    void errorShowsOnTheRowAndRetryAsksAgain();
    void failedSaveShowsNotSaved();
    void openConversationLoadsPagesAndScrolls_data() { TestDatabases::addBackendRows(); }
    void openConversationLoadsPagesAndScrolls();
    void followUpCarriesTheWholeBranch();
    void onlyTheFirstCompleteReplyAsksForATitle();
    void draftsAreKeptPerConversation();
    void parametersAreSentSavedAndReloaded_data() { TestDatabases::addBackendRows(); }
    void parametersAreSentSavedAndReloaded();
    void invalidParametersAreRefused();
    void failedParameterSaveIsReported();
    void setModelChangesTheOpenConversation();
    void renameSurvivesSettingsAndPins_data() { TestDatabases::addBackendRows(); }
    void renameSurvivesSettingsAndPins();
    void aRequestNeverLeavesWithoutAModel();
    void aCutShortReplyContinuesInTheSameMessage_data() { TestDatabases::addBackendRows(); }
    void aCutShortReplyContinuesInTheSameMessage();
    void howAReplyEndedIsShown();
    void startFromAssistantShowsTheGreeting_data() { TestDatabases::addBackendRows(); }
    void startFromAssistantShowsTheGreeting();

private:
    bool setUp(const QString &backend = u"sqlite"_s, int maxRetries = 0);
    void makeController();
    // Sends `text`, answered with `deltas`, and waits for the reply to be saved.
    bool exchange(const QString &text, const QStringList &deltas);
    bool waitForSaved(int row);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<DatabaseConfig> m_config;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<OpenAiProvider> m_provider;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<DraftStore> m_drafts;
    std::unique_ptr<ChatController> m_controller;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    MessageModel *m_model = nullptr;
};

void TestChatController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestChatController::cleanup()
{
    m_tester.reset();
    m_controller.reset();
    m_drafts.reset();
    m_settings.reset();
    m_provider.reset();
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_config.reset();
    m_model = nullptr;
}

bool TestChatController::setUp(const QString &backend, int maxRetries)
{
    QString error;
    m_config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!m_config) {
        qWarning() << error;
        return false;
    }
    m_store = std::make_unique<ConversationStore>(*m_config);
    if (!QTest::qWaitFor([&] { return m_store->status() == ConversationStore::Status::Ready; }, timeout))
        return false;
    ProviderConfig config;
    config.baseUrl = m_server->baseUrl();
    config.apiKey = u"sk-test"_s;
    config.retry.maxRetries = maxRetries;
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), config);
    makeController();
    return true;
}

void TestChatController::makeController()
{
    m_tester.reset();
    m_controller.reset();
    m_drafts.reset(); // writes what it holds
    m_settings.reset();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_drafts = std::make_unique<DraftStore>(m_settings.get());
    m_controller = std::make_unique<ChatController>(m_store.get(), m_provider.get(), model, m_drafts.get());
    m_model = m_controller->messages();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

bool TestChatController::waitForSaved(int row)
{
    return QTest::qWaitFor(
        [&] {
            return roleAt(*m_model, row, MessageModel::SaveStateRole).toString() == u"saved" &&
                   !m_controller->isStreaming();
        },
        timeout);
}

bool TestChatController::exchange(const QString &text, const QStringList &deltas)
{
    m_server->enqueue("POST", chatPath.toByteArray(), reply(deltas));
    m_controller->send(text);
    return waitForSaved(m_model->rowCount() - 1) && waitForSaved(m_model->rowCount() - 2);
}

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

void TestChatController::regenerateAndEditMakeBranches()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    QVERIFY(exchange(u"Question"_s, {u"First answer"_s}));
    const QString userId = idAt(*m_model, 0);
    const QString firstId = idAt(*m_model, 1);

    // Regenerate: a second reply beside the first, sent the same context.
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Second answer"_s}));
    m_controller->regenerate(firstId);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(idAt(*m_model, 1) != firstId);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 1);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2);
    QVERIFY(waitForSaved(1));
    const QString secondId = idAt(*m_model, 1);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Second answer"_s);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Question"_s});

    // ‹ back to the first reply, › forward again.
    m_controller->switchBranch(secondId, -1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 1), firstId, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"First answer"_s);
    // A row read afresh shows 0 of 1 until its siblings are read: wait for them.
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 0);
    QCOMPARE(idAt(*m_model, 0), userId);     // the rows above stay
    m_controller->switchBranch(firstId, -1); // nothing before the first
    m_controller->switchBranch(firstId, +1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 1), secondId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchIndexRole).toInt(), 1, timeout);

    // Edit the question: a second question beside the first, with its own reply.
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Answer to the edit"_s}));
    m_controller->editAndResend(userId, u"Better question"_s);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::ContentRole).toString(), u"Better question"_s);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchIndexRole).toInt(), 1);
    QCOMPARE(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2);
    QVERIFY(waitForSaved(1));
    QVERIFY(waitForSaved(0));
    const QString editedId = idAt(*m_model, 0);
    QCOMPARE(sentMessages(m_server->lastRequest()), QStringList{u"user: Better question"_s});
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Answer to the edit"_s);

    // Back to the first question: it shows with the reply that was last shown under it.
    m_controller->switchBranch(editedId, -1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 0), userId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(*m_model, 1), secondId);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchIndexRole).toInt(), 0, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::BranchCountRole).toInt(), 2, timeout);

    // The store agrees: reopening shows the same branch.
    const QString conversationId = m_controller->conversationId();
    m_controller->newChat();
    QCOMPARE(m_model->rowCount(), 0);
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(idAt(*m_model, 0), userId);
    QCOMPARE(idAt(*m_model, 1), secondId);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2, timeout);

    // In a later session, a version not shown yet comes with its newest reply, not alone.
    makeController();
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 0, MessageModel::BranchCountRole).toInt(), 2, timeout);
    m_controller->switchBranch(userId, +1);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(*m_model, 0), editedId, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QCOMPARE(roleAt(*m_model, 1, MessageModel::ContentRole).toString(), u"Answer to the edit"_s);
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
    m_provider = std::make_unique<OpenAiProvider>(m_network.get(), providerConfig);
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

void TestChatController::openConversationLoadsPagesAndScrolls()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    ConversationRecord conversation;
    conversation.id = newId();
    conversation.title = u"Long"_s;
    conversation.createdAt = conversation.updatedAt = start;
    m_store->saveConversation(conversation);
    QStringList ids;
    for (int i = 0; i < 300; ++i) {
        MessageRecord message;
        message.id = newId();
        message.conversationId = conversation.id;
        message.parentId = ids.isEmpty() ? QString() : ids.last();
        message.role = i % 2 == 0 ? MessageRecord::Role::User : MessageRecord::Role::Assistant;
        message.content = u"message %1"_s.arg(i);
        message.createdAt = message.updatedAt = start.addMSecs(i);
        m_store->saveMessage(message);
        ids.append(message.id);
    }
    QFuture<void> flushed = m_store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(flushed.isFinished(), timeout);

    // Only the newest page shows, yet a follow-up carries the whole branch, in order. (The
    // model tester asks for older pages as a view would, so rows may be added at the top.)
    m_controller->openConversation(conversation.id);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowCount() >= MessageModel::pageSize, timeout);
    QVERIFY(m_model->rowCount() < 300);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"ok"_s}));
    m_controller->send(u"And now?"_s);
    const QString userId = idAt(*m_model, m_model->rowCount() - 2);
    const QString replyId = idAt(*m_model, m_model->rowCount() - 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleAt(*m_model, m_model->rowOf(replyId), MessageModel::SaveStateRole).toString(), u"saved"_s,
        timeout);
    const QStringList sent = sentMessages(m_server->lastRequest());
    QCOMPARE(sent.size(), 301);
    QCOMPARE(sent.first(), u"user: message 0"_s);
    QCOMPARE(sent.at(299), u"assistant: message 299"_s);
    QCOMPARE(sent.last(), u"user: And now?"_s);
    DatabasePeek peek(*m_config);
    QCOMPARE(peek.messageField(userId, u"parent_id"_s), ids.last());
    QCOMPARE(peek.messageField(replyId, u"parent_id"_s), userId);

    // A search hit far up the branch: older pages are read until it shows.
    makeController();
    QSignalSpy scrolled(m_controller.get(), &ChatController::scrollToMessage);
    m_controller->openConversation(conversation.id, ids.at(10));
    QCOMPARE(m_controller->conversationId(), conversation.id);
    QTRY_COMPARE_WITH_TIMEOUT(scrolled.count(), 1, timeout);
    const int row = scrolled.first().first().toInt();
    QCOMPARE(idAt(*m_model, row), ids.at(10));
}

void TestChatController::followUpCarriesTheWholeBranch()
{
    QVERIFY(setUp());
    QVERIFY(exchange(u"One"_s, {u"Uno"_s}));
    QVERIFY(exchange(u"Two"_s, {u"Dos"_s}));
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"user: One"_s, u"assistant: Uno"_s, u"user: Two"_s}));
    QCOMPARE(m_model->rowCount(), 4);

    // Reopened, the conversation goes on where it was.
    const QString conversationId = m_controller->conversationId();
    makeController();
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 4, timeout);
    QVERIFY(exchange(u"Three"_s, {u"Tres"_s}));
    QCOMPARE(sentMessages(m_server->lastRequest()),
             (QStringList{u"user: One"_s, u"assistant: Uno"_s, u"user: Two"_s, u"assistant: Dos"_s,
                          u"user: Three"_s}));
}

void TestChatController::onlyTheFirstCompleteReplyAsksForATitle()
{
    QVERIFY(setUp());
    QSignalSpy completed(m_controller.get(), &ChatController::firstReplyCompleted);

    // A failed first reply names nothing; its successful retry does.
    m_server->enqueue("POST", chatPath.toByteArray(), ScriptedResponse::openAiError(400, u"Bad request"_s));
    m_controller->send(u"What is a monad?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"error"_s, timeout);
    QCOMPARE(completed.count(), 0);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"A monoid in the "_s, u"category of endofunctors."_s}));
    m_controller->retry(idAt(*m_model, 1));
    QVERIFY(waitForSaved(1));
    QCOMPARE(completed.count(), 1);
    const QList<QVariant> arguments = completed.takeFirst();
    QCOMPARE(arguments.at(0).toString(), m_controller->conversationId());
    QCOMPARE(arguments.at(1).toString(), u"What is a monad?"_s);
    QCOMPARE(arguments.at(2).toString(), u"A monoid in the category of endofunctors."_s);
    QVERIFY(!arguments.at(3).toString().isEmpty());

    // Follow-ups and regenerations do not rename it.
    QVERIFY(exchange(u"And a functor?"_s, {u"A map."_s}));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Another answer."_s}));
    m_controller->regenerate(idAt(*m_model, 1));
    QTRY_COMPARE_WITH_TIMEOUT(roleAt(*m_model, 1, MessageModel::StatusRole).toString(), u"complete"_s, timeout);
    QCOMPARE(completed.count(), 0);

    // Nor does a conversation opened from the history.
    const QString conversationId = m_controller->conversationId();
    makeController();
    QSignalSpy reopened(m_controller.get(), &ChatController::firstReplyCompleted);
    m_controller->openConversation(conversationId);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, timeout);
    QVERIFY(exchange(u"Thanks"_s, {u"Welcome"_s}));
    QCOMPARE(reopened.count(), 0);
}

void TestChatController::draftsAreKeptPerConversation()
{
    QVERIFY(setUp());
    QSignalSpy draftChanged(m_controller.get(), &ChatController::draftChanged);
    m_controller->setDraft(u"half a thought"_s);
    QCOMPARE(m_controller->draft(), u"half a thought"_s);
    QCOMPARE(draftChanged.count(), 1);
    // Written once typing pauses, not at every key.
    QVERIFY(!m_settings->contains(u"drafts/new"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_settings->value(u"drafts/new"_s).toString(), u"half a thought"_s, 2000);

    QVERIFY(exchange(u"Sent"_s, {u"Got it"_s}));
    QCOMPARE(m_controller->draft(), QString()); // sending empties it
    const QString conversationId = m_controller->conversationId();
    m_controller->setDraft(u"for this chat"_s);
    m_controller->newChat();
    QCOMPARE(m_controller->draft(), QString());
    m_controller->setDraft(u"for a new chat"_s);

    // Across a restart.
    makeController();
    QCOMPARE(m_controller->draft(), u"for a new chat"_s);
    m_controller->openConversation(conversationId);
    QCOMPARE(m_controller->draft(), u"for this chat"_s);
}

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
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(id, u"system_prompt"_s), u"Answer in German."_s, timeout);
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

void TestChatController::renameSurvivesSettingsAndPins()
{
    QFETCH(QString, backend);
    QVERIFY(setUp(backend));
    QVERIFY(exchange(u"What is a monad?"_s, {u"A monoid in the category of endofunctors."_s}));
    const QString id = m_controller->conversationId();
    ConversationListModel list(m_store.get());
    list.fetchMore({});
    QTRY_VERIFY_WITH_TIMEOUT(list.rowOf(id) >= 0, timeout);
    DatabasePeek peek(*m_config);

    // Renamed in the sidebar; the controller's copy of the record still has the old title.
    list.rename(id, u"Monads, plainly"_s);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(id, u"title"_s), u"Monads, plainly"_s, timeout);

    // The chat's settings, then another profile, applied to the open conversation.
    ConversationParameters changed = m_controller->parameters();
    changed.setTemperatureOrNaN(0.5);
    m_controller->setParameters(changed);
    changed.profile = u"other-profile"_s;
    m_controller->setParameters(changed);
    m_controller->setModel(u"gpt-other"_s);
    bool settled = false;
    m_store->flush().then(this, [&settled] { settled = true; });
    QTRY_VERIFY_WITH_TIMEOUT(settled, timeout);
    QCOMPARE(peek.conversationField(id, u"title"_s), u"Monads, plainly"_s);
    QCOMPARE(peek.conversationField(id, u"model"_s), u"gpt-other"_s);
    // And the sidebar, whose copy has the old settings, pins and archives it.
    list.setPinned(id, true);
    list.setArchived(id, true);
    bool flushed = false;
    m_store->flush().then(this, [&flushed] { flushed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(flushed, timeout);

    // Read back after a restart: each change is there, none undid another.
    m_controller.reset();
    m_store.reset();
    m_store = std::make_unique<ConversationStore>(*m_config);
    const auto reread = take(m_store->conversation(id), this);
    QVERIFY(reread && reread->ok());
    QCOMPARE(reread->value.title, u"Monads, plainly"_s);
    QCOMPARE(reread->value.temperature, std::optional<double>(0.5));
    QCOMPARE(reread->value.providerProfile, u"other-profile"_s);
    QCOMPARE(reread->value.model, u"gpt-other"_s);
    QVERIFY(reread->value.pinned);
    QVERIFY(reread->value.archived);
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

QTEST_GUILESS_MAIN(TestChatController)
#include "tst_chatcontroller.moc"
