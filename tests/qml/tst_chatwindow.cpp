// SPDX-License-Identifier: GPL-3.0-or-later
// The window as a user drives it: the real Main.qml with the real AppContext, a real store on a
// temporary SQLite file and the real OpenAI client against the scripted server. The test types
// into the composer, presses keys and clicks buttons, and checks the models, the database and
// what is on screen.
#include "chatcontroller.h"
#include "conversationlistmodel.h"
#include "futurecallback.h"
#include "messagemodel.h"
#include "searchmodel.h"
#include "conversationstore.h"
#include "persistgate.h"
#include "databasepeek.h"
#include "sceneitems.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "assistantlistmodel.h"
#include "profilepreset.h"
#include "profilestore.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"
#include "appcontext.h"
#include "providersettings.h"
#include "providersetup.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QUuid>
#include <QtQml/QQmlExtensionPlugin>

#include <functional>
#include <memory>

Q_IMPORT_QML_PLUGIN(ConfabPlugin)

using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 30000;
constexpr QByteArrayView chatPath = "/v1/chat/completions";

ScriptedResponse reply(const QStringList &deltas)
{
    return ScriptedResponse::eventStream(SseBodyBuilder().reply(deltas).bytes());
}

// The plain text an item shows: a TextEdit's document as text, a Label's text without markup.
QString shownText(QQuickItem *item)
{
    if (!item)
        return {};
    if (item->metaObject()->indexOfMethod("getText(int,int)") >= 0) {
        QString text;
        const int length = item->property("length").toInt();
        QMetaObject::invokeMethod(item, "getText", Q_RETURN_ARG(QString, text), Q_ARG(int, 0),
                                  Q_ARG(int, length));
        return text;
    }
    const QVariant text = item->property("text");
    if (!text.isValid())
        return {};
    return QTextDocumentFragment::fromHtml(text.toString()).toPlainText();
}

QList<QQuickItem *> visibleItems(QQuickItem *root, const QString &objectName)
{
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    QList<QQuickItem *> named;
    for (QQuickItem *item : std::as_const(all)) {
        if (item->objectName() == objectName)
            named.append(item);
    }
    return named;
}

// All the text shown below `root`, one item's text a line.
QString allShownText(QQuickItem *root)
{
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    QStringList texts;
    for (QQuickItem *item : std::as_const(all)) {
        const QString text = shownText(item);
        if (!text.isEmpty())
            texts.append(text);
    }
    return texts.join(u'\n');
}

} // namespace

class TestChatWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void windowOpensWithTheComposerFocused();
    void enterShowsBothMessagesAtOnceStreamsAndSaves();
    void escapeStopsAndKeepsTheText();
    void regenerateAndBranchSwitching();
    void upEditsTheLastQuestionAndResendsAsABranch();
    void searchFindsAndOpensAConversation();
    void errorShowsOnTheMessageAndRetryAnswers();
    void chatSettingsAndAssistants();
    void noKeySaysWhyAndKeepsTheText();
    void aConversationGoesOnWithItsOwnProfile();
    void theModelShownIsTheModelSent();
    void aCutShortReplyIsMarkedAndContinues();
    void settingsCheckAKeyBeforeKeepingItInTheKeychain();

private:
    void start(const QString &apiKey = u"sk-test"_s);
    // Loads Main.qml as the app does, for the AppContext made already, and waits for the window.
    void loadWindow();
    QQuickItem *item(const QString &objectName, int index = 0);
    QList<QQuickItem *> messages();
    QString messageText(int row);
    void click(QQuickItem *item);
    void type(const QString &text);
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    // Sends `text` answered with `deltas` (and, for a new chat, the title request) and waits
    // until both rows are saved.
    bool exchange(const QString &text, const QStringList &deltas, const QString &title = {});
    bool waitForSaved(int row);
    bool waitForFrame();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<DatabaseConfig> m_database;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    std::unique_ptr<QAbstractItemModelTester> m_messagesTester;
    std::unique_ptr<QAbstractItemModelTester> m_conversationsTester;
    QQuickWindow *m_window = nullptr;
    MessageModel *m_messages = nullptr;
    QList<QQmlError> m_warnings;
};

void TestChatWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"ConfabTest"_s);
    QCoreApplication::setApplicationName(u"tst_chatwindow"_s);
}

void TestChatWindow::init()
{
    QSettings().clear(); // no drafts, geometry or model left from another test
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    m_database = TestDatabases::fresh(u"sqlite"_s, m_dir->path(), &error);
    QVERIFY2(m_database, qPrintable(error));
    m_store = std::make_unique<ConversationStore>(*m_database);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->status() == ConversationStore::Status::Ready, timeout);
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_warnings.clear();
}

void TestChatWindow::cleanup()
{
    m_messagesTester.reset();
    m_conversationsTester.reset();
    m_engine.reset();
    m_context.reset();
    m_window = nullptr;
    m_messages = nullptr;
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

void TestChatWindow::start(const QString &apiKey)
{
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
    ProviderSetup setup;
    setup.config.baseUrl = m_server->baseUrl();
    setup.config.apiKey = apiKey;
    setup.config.retry.maxRetries = 0;
    setup.model = u"gpt-test"_s;
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), setup);
    m_messagesTester = std::make_unique<QAbstractItemModelTester>(m_context->chat()->messages());
    m_conversationsTester = std::make_unique<QAbstractItemModelTester>(m_context->conversations());
    loadWindow();
    QVERIFY(waitForFrame());
}

void TestChatWindow::loadWindow()
{
    AppContext::provide(m_context.get());
    m_messages = m_context->chat()->messages();
    m_engine = std::make_unique<QQmlApplicationEngine>();
    connect(m_engine.get(), &QQmlEngine::warnings, this,
            [this](const QList<QQmlError> &w) { m_warnings += w; });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    m_engine->loadFromModule("Confab", "Main");
#else
    m_engine->load(QUrl(u"qrc:/Confab/Main.qml"_s));
#endif
    QCOMPARE(m_engine->rootObjects().size(), 1);
    m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
    QVERIFY(m_window);
    m_window->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(waitForFrame());
}

QQuickItem *TestChatWindow::item(const QString &objectName, int index)
{
    const QList<QQuickItem *> items = visibleItems(m_window->contentItem(), objectName);
    return index < items.size() ? items.at(index) : nullptr;
}

QList<QQuickItem *> TestChatWindow::messages()
{
    QList<QQuickItem *> rows = visibleItems(m_window->contentItem(), u"message"_s);
    std::sort(rows.begin(), rows.end(), [](QQuickItem *a, QQuickItem *b) {
        return a->property("index").toInt() < b->property("index").toInt();
    });
    return rows;
}

QString TestChatWindow::messageText(int row)
{
    const QList<QQuickItem *> rows = messages();
    for (QQuickItem *message : rows) {
        if (message->property("index").toInt() == row)
            return allShownText(message);
    }
    return {};
}

void TestChatWindow::click(QQuickItem *item)
{
    QVERIFY(item);
    QVERIFY2(item->isEnabled(), qPrintable(item->objectName() + u" is disabled"_s));
    // Layouts and popups settle as frames are drawn: click where the button is shown once it
    // stays put, not where it was a frame ago.
    QPoint centre(-1, -1);
    for (int frame = 0; frame < 20; ++frame) {
        QVERIFY(waitForFrame());
        const QPoint now = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
        if (now == centre)
            break;
        centre = now;
    }
    QVERIFY(item->width() > 0 && item->height() > 0);
    // Hover-revealed actions are transparent until the mouse is over them, as for a user.
    QTest::mouseMove(m_window, centre);
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre);
}

void TestChatWindow::type(const QString &text)
{
    // As typed: one key press and release a character (QTest::keyClicks is for widgets only).
    const QByteArray latin1 = text.toLatin1();
    for (const char character : latin1)
        QTest::keyClick(m_window, character);
}

void TestChatWindow::press(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_window, key, modifiers);
}

bool TestChatWindow::exchange(const QString &text, const QStringList &deltas, const QString &title)
{
    m_server->enqueue("POST", chatPath.toByteArray(), reply(deltas));
    if (!title.isEmpty())
        m_server->enqueue("POST", chatPath.toByteArray(), reply({title}));
    // As a person would: once the last reply has finished (Send is back).
    ChatController *chat = m_context->chat();
    if (!QTest::qWaitFor([&] { return !chat->isStreaming() && m_context->canSend(); }, timeout))
        return false;
    const int before = m_messages->rowCount();
    type(text);
    press(Qt::Key_Return);
    // At once, or as soon as an opened conversation's branch is in (the send waits for it).
    if (!QTest::qWaitFor([&] { return m_messages->rowCount() == before + 2; }, timeout)) {
        qWarning() << "Enter did not send" << text
                   << "composer:" << item(u"composerInput"_s)->property("text")
                   << "focus:" << m_window->activeFocusItem() << "can send:" << m_context->canSend()
                   << m_context->cannotSendReason() << "rows:" << m_messages->rowCount();
        return false;
    }
    return waitForSaved(before + 1) && waitForSaved(before) &&
           QTest::qWaitFor([&] { return !chat->isStreaming(); }, timeout);
}

bool TestChatWindow::waitForSaved(int row)
{
    return QTest::qWaitFor(
        [&] {
            const QModelIndex index = m_messages->index(row);
            return index.isValid() && index.data(MessageModel::SaveStateRole).toString() == u"saved"_s &&
                   index.data(MessageModel::StatusRole).toString() != u"streaming"_s &&
                   index.data(MessageModel::StatusRole).toString() != u"pending"_s;
        },
        timeout);
}

bool TestChatWindow::waitForFrame()
{
    QSignalSpy swapped(m_window, &QQuickWindow::frameSwapped);
    m_window->update();
    return swapped.wait(10000);
}

void TestChatWindow::windowOpensWithTheComposerFocused()
{
    start();
    QQuickItem *composer = item(u"composerInput"_s);
    QVERIFY(composer);
    QTRY_VERIFY(composer->hasActiveFocus());
    QVERIFY(m_context->canSend());
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}

void TestChatWindow::enterShowsBothMessagesAtOnceStreamsAndSaves()
{
    start();
    DatabasePeek peek(*m_database);
    // The server answers once the test has looked, and the reply comes in two halves; the second
    // waits until the test has looked again.
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"The first half, "_s).bytes())
            .holdHeaders()
            .hold()
            .write(SseBodyBuilder().content(u"and the second."_s).finish().done().bytes())
            .end());
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Halves of a reply"_s}));

    type(u"Tell me in two halves"_s);
    QCOMPARE(m_context->chat()->draft(), u"Tell me in two halves"_s);
    QElapsedTimer sinceEnter; // the writes wait for the server's answer, or PersistGate's deadline
    sinceEnter.start();
    press(Qt::Key_Return);

    // At once, before any event loop turn: the question and an empty reply, the composer
    // cleared, the new chat at the top of the sidebar titled from its first words.
    QCOMPARE(m_messages->rowCount(), 2);
    QCOMPARE(m_messages->index(0).data(MessageModel::ContentRole).toString(), u"Tell me in two halves"_s);
    QCOMPARE(m_messages->index(1).data(MessageModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), QString());
    ConversationListModel *conversations = m_context->conversations();
    QCOMPARE(conversations->rowCount(), 1);
    QCOMPARE(conversations->index(0).data(ConversationListModel::TitleRole).toString(),
             u"Tell me in two halves"_s);
    // Nothing is written while the server has not answered (it holds the request before its
    // headers): not before the gate's deadline, which a slow build may pass before it looks,
    // and then the question is saved all the same.
    const int written = peek.conversationCount();
    if (sinceEnter.elapsed() < PersistGate::defaultDeadline.count())
        QCOMPARE(written, 0);
    else
        qInfo("the deadline passed before the database was looked at: %d conversation(s)", written);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationCount(), 1, timeout);
    m_server->release();

    // The first half is on screen while the reply streams; Send has become Stop.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->holdingCount(), 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"The first half,"_s), timeout);
    QVERIFY(messageText(0).contains(u"Tell me in two halves"_s));
    QCOMPARE(item(u"sendButton"_s)->property("text").toString(), u"Stop"_s);
    QVERIFY(m_context->chat()->isStreaming());

    m_server->release();
    QVERIFY(waitForSaved(1));
    QVERIFY(waitForSaved(0));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"The first half, and the second."_s), timeout);
    QCOMPARE(item(u"sendButton"_s)->property("text").toString(), u"Send"_s);

    // Stored: the conversation, both messages, the reply complete.
    const QString conversationId = m_context->chat()->conversationId();
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QCOMPARE(peek.conversationCount(), 1);
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"The first half, and the second."_s);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"complete"_s);

    // The title request follows the first reply; the sidebar and the database get its answer.
    QTRY_COMPARE_WITH_TIMEOUT(conversations->index(0).data(ConversationListModel::TitleRole).toString(),
                              u"Halves of a reply"_s, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(conversationId, u"title"_s), u"Halves of a reply"_s,
                              timeout);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.last().json().value(u"max_tokens").toInt(), 24);
    QVERIFY(allShownText(m_window->contentItem()).contains(u"Halves of a reply"_s));
    QVERIFY2(m_warnings.isEmpty(),
             qPrintable(m_warnings.isEmpty() ? QString() : m_warnings.first().toString()));
}

void TestChatWindow::escapeStopsAndKeepsTheText()
{
    start();
    DatabasePeek peek(*m_database);
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().role().content(u"Partial answer"_s).bytes()).stall());
    type(u"Start and I will stop you"_s);
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Partial answer"_s), timeout);

    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"stopped"_s,
                              timeout);
    QVERIFY(waitForSaved(1));
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QCOMPARE(peek.messageField(replyId, u"content"_s), u"Partial answer"_s);
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"stopped"_s);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Stopped"_s), timeout);
    QVERIFY(!m_context->chat()->isStreaming());
}

void TestChatWindow::regenerateAndBranchSwitching()
{
    start();
    QVERIFY(exchange(u"Pick a colour"_s, {u"Blue"_s}, u"Colours"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"regenerateButton"_s), timeout);

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Green"_s}));
    click(item(u"regenerateButton"_s));
    QVERIFY(waitForSaved(1));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Green"_s), timeout);
    QCOMPARE(m_messages->index(1).data(MessageModel::BranchCountRole).toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"versionLabel"_s), timeout);
    QCOMPARE(shownText(item(u"versionLabel"_s)), u"2/2"_s);

    // ‹ shows the first answer again, › the second; the database follows.
    DatabasePeek peek(*m_database);
    const QString conversationId = m_context->chat()->conversationId();
    click(item(u"previousVersionButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Blue"_s), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(shownText(item(u"versionLabel"_s)), u"1/2"_s, timeout);
    const QString blueId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(conversationId, u"current_leaf_id"_s), blueId, timeout);
    click(item(u"nextVersionButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Green"_s), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(shownText(item(u"versionLabel"_s)), u"2/2"_s, timeout);
}

void TestChatWindow::upEditsTheLastQuestionAndResendsAsABranch()
{
    start();
    QVERIFY(exchange(u"What is 2 + 2?"_s, {u"4"_s}, u"Arithmetic"_s));
    QVERIFY(exchange(u"And 3 + 3?"_s, {u"6"_s}));
    QCOMPARE(m_messages->rowCount(), 4);

    // Up in the empty composer takes the last question back for editing.
    QTRY_VERIFY(item(u"composerInput"_s)->hasActiveFocus());
    press(Qt::Key_Up);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"And 3 + 3?"_s);
    press(Qt::Key_End);
    for (int i = 0; i < 6; ++i) // "3 + 3?"
        press(Qt::Key_Backspace);
    type(u"4 + 4?"_s);
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"8"_s}));
    press(Qt::Key_Return);
    QVERIFY(waitForSaved(3));
    QCOMPARE(m_messages->rowCount(), 4);
    QCOMPARE(m_messages->index(2).data(MessageModel::ContentRole).toString(), u"And 4 + 4?"_s);
    QCOMPARE(m_messages->index(2).data(MessageModel::BranchCountRole).toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(3).contains(u"8"_s), timeout);
    // The edited question went with the history before it, not the old question.
    const QJsonArray sent = m_server->lastRequest().json().value(u"messages").toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(2)[u"content"].toString(), u"And 4 + 4?"_s);

    // The Edit button does the same for the first question.
    QQuickItem *edit = item(u"editButton"_s);
    click(edit);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"What is 2 + 2?"_s);
    press(Qt::Key_Escape); // cancels the edit
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), QString());
}

void TestChatWindow::searchFindsAndOpensAConversation()
{
    start();
    QVERIFY(exchange(u"Tell me about narwhals"_s, {u"Narwhals have a long tusk."_s}, u"Narwhals"_s));
    press(Qt::Key_N, Qt::ControlModifier); // a new chat
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    QCOMPARE(m_messages->rowCount(), 0);
    QVERIFY(exchange(u"Tell me about otters"_s, {u"Otters hold hands."_s}, u"Otters"_s));

    press(Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(item(u"searchInput"_s) && item(u"searchInput"_s)->hasActiveFocus());
    type(u"tusk"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_context->search()->rowCount(), 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"searchResult"_s), timeout);
    QVERIFY(allShownText(item(u"searchResult"_s)).contains(u"Narwhals"_s));
    QVERIFY(!item(u"searchResult"_s, 1));

    click(item(u"searchResult"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Narwhals have a long tusk."_s), timeout);
    QVERIFY(m_context->chat()->conversationId() != QString());
}

void TestChatWindow::errorShowsOnTheMessageAndRetryAnswers()
{
    start();
    m_server->enqueue("POST", chatPath.toByteArray(),
                      ScriptedResponse::openAiError(500, u"The server had an error"_s, u"server_error"_s));
    type(u"Will this work?"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"error"_s,
                              timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"retryButton"_s), timeout);
    // The error is on the message, not in its text; nothing else offers to regenerate it.
    QVERIFY(messageText(1).contains(u"server"_s, Qt::CaseInsensitive));
    QCOMPARE(m_messages->index(1).data(MessageModel::ContentRole).toString(), QString());
    QVERIFY(!item(u"regenerateButton"_s));

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Yes, it works now."_s}));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"Working"_s}));
    click(item(u"retryButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::StatusRole).toString(), u"complete"_s,
                              timeout);
    QVERIFY(waitForSaved(1));
    QCOMPARE(m_messages->rowCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"Yes, it works now."_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"retryButton"_s), timeout);
    DatabasePeek peek(*m_database);
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QCOMPARE(peek.messageField(replyId, u"status"_s), u"complete"_s);
}

void TestChatWindow::chatSettingsAndAssistants()
{
    start();
    click(item(u"chatSettingsButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"systemPromptInput"_s), timeout);
    item(u"systemPromptInput"_s)->setProperty("text", u"Answer like a pirate."_s);
    item(u"temperatureInput"_s)->setProperty("text", u"0.3"_s);
    // Saved as an assistant, with a greeting, for later.
    item(u"assistantNameInput"_s)->setProperty("text", u"Pirate"_s);
    item(u"assistantGreetingInput"_s)->setProperty("text", u"Ahoy! What be yer question?"_s);
    click(item(u"saveAssistantButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_context->assistants()->rowCount(), 1, timeout);
    click(item(u"applyChatSettings"_s));
    QTRY_VERIFY(!item(u"systemPromptInput"_s));

    // This chat's request carries them.
    QVERIFY(item(u"composerInput"_s)->hasActiveFocus());
    QVERIFY(exchange(u"Where is the gold?"_s, {u"Buried, arr."_s}, u"Pirate gold"_s));
    QJsonObject body = m_server->requests().at(1).json(); // after GET /models
    QCOMPARE(body.value(u"temperature").toDouble(), 0.3);
    QJsonArray sent = body.value(u"messages").toArray();
    QCOMPARE(sent.at(0)[u"role"].toString(), u"system"_s);
    QCOMPARE(sent.at(0)[u"content"].toString(), u"Answer like a pirate."_s);
    DatabasePeek peek(*m_database);
    const QString first = m_context->chat()->conversationId();
    QCOMPARE(peek.conversationField(first, u"system_prompt"_s), u"Answer like a pirate."_s);
    QCOMPARE(peek.conversationField(first, u"temperature"_s).toDouble(), 0.3);

    // A new chat from the assistant opens with its greeting, and asks with its instructions.
    QTRY_VERIFY_WITH_TIMEOUT(item(u"assistantsButton"_s), timeout);
    click(item(u"assistantsButton"_s));
    // Clicked once the menu has finished opening (its enter transition), as a person would.
    QObject *menu = item(u"assistantsButton"_s)->findChild<QObject *>(u"assistantsMenu"_s);
    QVERIFY(menu);
    QTRY_VERIFY_WITH_TIMEOUT(menu->property("opened").toBool(), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"assistant:Pirate"_s), timeout);
    click(item(u"assistant:Pirate"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 1, timeout);
    QVERIFY(m_context->chat()->conversationId() != first);
    QTRY_VERIFY_WITH_TIMEOUT(messageText(0).contains(u"Ahoy! What be yer question?"_s), timeout);
    QVERIFY(exchange(u"Which ship?"_s, {u"The Black Pearl."_s}, u"Ships"_s));
    body = m_server->lastRequest().json();
    if (body.value(u"max_tokens").toInt() == 24) // the title request came last
        body = m_server->requests().at(m_server->requestCount() - 2).json();
    sent = body.value(u"messages").toArray();
    QCOMPARE(sent.at(0)[u"content"].toString(), u"Answer like a pirate."_s);
    QCOMPARE(body.value(u"temperature").toDouble(), 0.3);
}

void TestChatWindow::noKeySaysWhyAndKeepsTheText()
{
    // No key anywhere for the built-in openai profile.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(&profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->cannotSendReason().contains(u"API key"_s), timeout);
    // The first-run screen offers to set it up; closed, the window says why it cannot send.
    QTRY_VERIFY_WITH_TIMEOUT(item(u"firstRunLater"_s), timeout);
    QVERIFY(item(u"keyInput"_s)); // a key can be pasted there
    click(item(u"firstRunLater"_s));
    QTRY_VERIFY(!item(u"firstRunLater"_s));
    QVERIFY(!providers.firstRun());
    item(u"composerInput"_s)->forceActiveFocus();

    QVERIFY(!m_context->canSend());
    QTRY_VERIFY(allShownText(m_window->contentItem()).contains(m_context->cannotSendReason()));
    type(u"Kept while I fix it"_s);
    press(Qt::Key_Return);
    QCOMPARE(m_messages->rowCount(), 0);
    QCOMPARE(item(u"composerInput"_s)->property("text").toString(), u"Kept while I fix it"_s);
    QVERIFY(!item(u"sendButton"_s)->isEnabled());
    m_engine.reset(); // before the settings it shows
    m_context.reset();
}

void TestChatWindow::settingsCheckAKeyBeforeKeepingItInTheKeychain()
{
    // A profile for an OpenRouter-like server (it needs a key), pointing at the scripted server.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    ProviderProfile router = ProfilePreset::find(u"openrouter")->toProfile(u"router"_s);
    router.baseUrl = m_server->baseUrl();
    router.defaultModel = u"gpt-test"_s;
    QCOMPARE(profiles.add(router).kind, ProfileError::Kind::None);
    QCOMPARE(profiles.setCurrent(u"router"_s).kind, ProfileError::Kind::None);
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(&profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->cannotSendReason().contains(u"API key"_s), timeout);
    QVERIFY(!providers.firstRun()); // a profile was set up already

    press(Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"keyInput"_s), timeout);

    // A refused key is said at once and not kept.
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::openAiError(401, u"Incorrect API key provided"_s));
    item(u"keyInput"_s)->forceActiveFocus();
    type(u"sk-wrong"_s);
    click(item(u"saveKeyButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(item(u"keyStatus"_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(shownText(item(u"keyStatus"_s)).contains(u"not kept"_s), timeout);
    QCOMPARE(m_server->lastRequest().header("Authorization"), QByteArray("Bearer sk-wrong"));
    auto stored = std::make_shared<std::optional<SecretResult>>();
    onFinished(secrets.read(SecretStore::providerKey(u"router"_s)), this,
               [stored](const SecretResult &result) { *stored = result; });
    QTRY_VERIFY_WITH_TIMEOUT(stored->has_value(), timeout);
    QCOMPARE((*stored)->error.kind, SecretError::Kind::NotFound);

    // A working one is kept in the keychain, and the window can send with it.
    m_server->enqueue("GET", "/v1/models",
                      ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
    m_server->setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\"}]}"));
    item(u"keyInput"_s)->setProperty("text", QString());
    item(u"keyInput"_s)->forceActiveFocus();
    type(u"sk-right"_s);
    click(item(u"saveKeyButton"_s));
    QTRY_VERIFY_WITH_TIMEOUT(shownText(item(u"keyStatus"_s)).contains(u"keychain"_s), timeout);
    QCOMPARE(item(u"keyInput"_s)->property("text").toString(), QString()); // not left on screen
    stored->reset();
    onFinished(secrets.read(SecretStore::providerKey(u"router"_s)), this,
               [stored](const SecretResult &result) { *stored = result; });
    QTRY_VERIFY_WITH_TIMEOUT(stored->has_value(), timeout);
    QVERIFY((*stored)->ok());
    QCOMPARE((*stored)->secret, u"sk-right"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);

    // The key is nowhere in the settings file.
    QFile ini(m_dir->filePath(u"profiles.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("sk-right"));

    m_engine.reset();
    m_context.reset();
    bool gone = false;
    onFinished(secrets.remove(SecretStore::providerKey(u"router"_s)), this,
               [&gone](const SecretError &) { gone = true; });
    QTRY_VERIFY_WITH_TIMEOUT(gone, timeout);
}

void TestChatWindow::aConversationGoesOnWithItsOwnProfile()
{
    // Two local servers (no key), each with its own default model; both are the scripted server.
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    for (const QString &name : {u"one"_s, u"two"_s}) {
        ProviderProfile profile = ProfilePreset::find(u"ollama")->toProfile(name);
        profile.baseUrl = m_server->baseUrl();
        profile.defaultModel = u"model-"_s + name;
        QCOMPARE(profiles.add(profile).kind, ProfileError::Kind::None);
    }
    QCOMPARE(profiles.setCurrent(u"one"_s).kind, ProfileError::Kind::None);
    m_server->setFallback(ScriptedResponse::json(
        200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-one\"},{\"id\":\"model-two\"}]}"));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(&profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);

    QVERIFY(exchange(u"Asked of one"_s, {u"One answers"_s}, u"With one"_s));
    const QString first = m_context->chat()->conversationId();
    // The model each question went to (title requests and model lists aside).
    const auto modelAskedFor = [this](const QString &question) {
        const QList<RecordedRequest> requests = m_server->requests();
        for (const RecordedRequest &request : requests) {
            const QJsonArray messages = request.json().value(u"messages").toArray();
            if (!messages.isEmpty() && messages.last()[u"content"].toString() == question)
                return request.json().value(u"model").toString();
        }
        return QString();
    };
    QCOMPARE(modelAskedFor(u"Asked of one"_s), u"model-one"_s);

    // A new chat with the other profile, chosen as in the settings.
    press(Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    QCOMPARE(providers.setCurrentProfile(u"two"_s), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-two"_s, timeout);
    QVERIFY(exchange(u"Asked of two"_s, {u"Two answers"_s}, u"With two"_s));
    DatabasePeek peek(*m_database);
    const QString second = m_context->chat()->conversationId();
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(second, u"provider_profile"_s), u"two"_s, timeout);
    QCOMPARE(peek.conversationField(first, u"provider_profile"_s), u"one"_s);

    // Opening the first again brings its profile and model back, and it goes on with them.
    const auto sidebarRow = [this](const QString &id) -> QQuickItem * {
        const QList<QQuickItem *> rows = visibleItems(m_window->contentItem(), u"conversation"_s);
        for (QQuickItem *row : rows) {
            if (row->property("conversationId").toString() == id)
                return row;
        }
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sidebarRow(first), timeout);
    click(sidebarRow(first));
    QTRY_COMPARE_WITH_TIMEOUT(m_context->chat()->conversationId(), first, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(providers.currentProfile(), u"one"_s, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-one"_s, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    item(u"composerInput"_s)->forceActiveFocus();
    QVERIFY(exchange(u"And again"_s, {u"Still one"_s}));
    QCOMPARE(modelAskedFor(u"And again"_s), u"model-one"_s);
    QCOMPARE(modelAskedFor(u"Asked of two"_s), u"model-two"_s);
    QCOMPARE(peek.conversationField(first, u"provider_profile"_s), u"one"_s);

    m_engine.reset();
    m_context.reset();
}

void TestChatWindow::theModelShownIsTheModelSent()
{
    ProfileStore profiles(m_dir->filePath(u"profiles.ini"_s));
    ProviderProfile one = ProfilePreset::find(u"ollama")->toProfile(u"one"_s);
    one.baseUrl = m_server->baseUrl();
    one.defaultModel = u"model-one"_s;
    QCOMPARE(profiles.add(one).kind, ProfileError::Kind::None);
    QCOMPARE(profiles.setCurrent(u"one"_s).kind, ProfileError::Kind::None);
    m_server->setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-one\"}]}"));
    // Another server, with a model of its own and none named in its profile.
    ScriptedServer other;
    QVERIFY(other.listen());
    other.setFallback(
        ScriptedResponse::json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-three\"}]}"));
    SecretStore secrets(u"ConfabTest-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    SessionSecrets session;
    ProviderSettings providers(&profiles, &secrets, &session, m_network.get(), {});
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), &providers);
    loadWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    QVERIFY(exchange(u"Asked of one"_s, {u"One answers"_s}, u"With one"_s));

    // With the chat open, a profile is added and chosen, then Ctrl+N.
    QCOMPARE(providers.addProfile(u"ollama"_s, u"three"_s, other.baseUrl().toString(), QString()), QString());
    QCOMPARE(providers.setCurrentProfile(u"three"_s), QString());
    // Switched, and the new server's models listed, while the chat is still open.
    QTRY_COMPARE_WITH_TIMEOUT(m_context->models(), QStringList{u"model-three"_s}, timeout);
    QCOMPARE(m_context->chat()->parameters().profile, u"three"_s);
    press(Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_context->chat()->conversationId().isEmpty());
    // The new chat's model is the new server's, shown as such.
    QTRY_COMPARE_WITH_TIMEOUT(m_context->currentModel(), u"model-three"_s, timeout);
    QQuickItem *selector = item(u"modelSelector"_s);
    QVERIFY(selector);
    QTRY_COMPARE_WITH_TIMEOUT(selector->property("displayText").toString(), u"model-three"_s, timeout);

    // What is shown is what is sent, and what is saved.
    other.enqueue("POST", chatPath.toByteArray(), reply({u"Three answers"_s}));
    other.enqueue("POST", chatPath.toByteArray(), reply({u"With three"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    item(u"composerInput"_s)->forceActiveFocus();
    type(u"Asked of three"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QVERIFY(waitForSaved(1));
    QVERIFY(other.requestCount() > 0);
    bool asked = false;
    const QList<RecordedRequest> requests = other.requests();
    for (const RecordedRequest &request : requests) {
        const QJsonArray messages = request.json().value(u"messages").toArray();
        if (!messages.isEmpty() && messages.last()[u"content"].toString() == u"Asked of three"_s) {
            QCOMPARE(request.json().value(u"model").toString(), selector->property("displayText").toString());
            asked = true;
        }
    }
    QVERIFY(asked);
    DatabasePeek peek(*m_database);
    QTRY_COMPARE_WITH_TIMEOUT(peek.conversationField(m_context->chat()->conversationId(), u"model"_s),
                              u"model-three"_s, timeout);

    m_engine.reset();
    m_context.reset();
}

void TestChatWindow::aCutShortReplyIsMarkedAndContinues()
{
    start();
    m_server->enqueue(
        "POST", chatPath.toByteArray(),
        ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Once upon"_s}, u"length"_s).bytes()));
    m_server->enqueue("POST", chatPath.toByteArray(), reply({u"A story"_s})); // its title
    QTRY_VERIFY_WITH_TIMEOUT(m_context->canSend(), timeout);
    type(u"Tell me a story"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->rowCount(), 2, timeout);
    QVERIFY(waitForSaved(1));
    // The title request has come and gone: the next one scripted is the continuation's.
    ConversationListModel *sidebar = m_context->conversations();
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->index(0).data(ConversationListModel::TitleRole).toString(),
                              u"A story"_s, timeout);
    QCOMPARE(m_messages->index(1).data(MessageModel::ContentRole).toString(), u"Once upon"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item(u"endedEarlyLabel"_s), timeout);
    QVERIFY(shownText(item(u"endedEarlyLabel"_s)).contains(u"token limit"_s));

    m_server->enqueue("POST", chatPath.toByteArray(), reply({u" a time, the end."_s}));
    click(item(u"continueButton"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages->index(1).data(MessageModel::ContentRole).toString(),
                              u"Once upon a time, the end."_s, timeout);
    QVERIFY(waitForSaved(1));
    QTRY_VERIFY_WITH_TIMEOUT(!item(u"endedEarlyLabel"_s), timeout);
    QCOMPARE(m_messages->rowCount(), 2); // the same message, not a new one
    QTRY_VERIFY_WITH_TIMEOUT(messageText(1).contains(u"the end."_s), timeout);
    DatabasePeek peek(*m_database);
    const QString replyId = m_messages->index(1).data(MessageModel::MessageIdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(peek.messageField(replyId, u"content"_s), u"Once upon a time, the end."_s,
                              timeout);
    QCOMPARE(peek.messageField(replyId, u"finish_reason"_s), u"stop"_s);

    m_engine.reset();
    m_context.reset();
}

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
