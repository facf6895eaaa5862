// SPDX-License-Identifier: GPL-3.0-or-later
// The window as a user drives it: the real Main.qml with the real AppContext, a real store on a
// temporary SQLite file and the real OpenAI client against the scripted server. The test types
// into the composer, presses keys and clicks buttons, and checks the models, the database and
// what is on screen.
#include "tst_chatwindow.h"

// Once in the executable: it registers the module's plugin.
Q_IMPORT_QML_PLUGIN(ConfabPlugin)

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
    m_settings = std::make_unique<AppSettings>();
    m_warnings.clear();
}

void TestChatWindow::cleanup()
{
    m_messagesTester.reset();
    m_conversationsTester.reset();
    m_engine.reset();
    m_context.reset();
    m_settings.reset();
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
    m_context = std::make_unique<AppContext>(m_store.get(), m_network.get(), m_settings.get(), setup);
    m_messagesTester = std::make_unique<QAbstractItemModelTester>(m_context->chat()->messages());
    m_conversationsTester = std::make_unique<QAbstractItemModelTester>(m_context->conversations());
    loadWindow();
    QVERIFY(waitForFrame());
}

void TestChatWindow::loadWindow()
{
    m_messages = m_context->chat()->messages();
    m_engine = std::make_unique<QQmlApplicationEngine>();
    AppContext::provide(m_engine.get(), m_context.get());
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
    std::sort(rows.begin(), rows.end(), [this](QQuickItem *a, QQuickItem *b) { return rowOf(a) < rowOf(b); });
    return rows;
}

int TestChatWindow::rowOf(QQuickItem *message) const
{
    return m_messages->rowOf(message->property("messageId").toString());
}

QString TestChatWindow::messageText(int row)
{
    const QList<QQuickItem *> rows = messages();
    for (QQuickItem *message : rows) {
        if (rowOf(message) == row)
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

QTEST_MAIN(TestChatWindow)
