// SPDX-License-Identifier: GPL-3.0-or-later
// One exchange as the window runs it: the real OpenAI client against the scripted server, the
// real store on both backends, the database read back from a connection of the test's own.
#include "tst_chatcontroller.h"

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
    m_provider = scriptedOpenAi(*m_server, m_network.get(), maxRetries);
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

QTEST_GUILESS_MAIN(TestChatController)
