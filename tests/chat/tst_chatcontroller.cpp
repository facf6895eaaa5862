// SPDX-License-Identifier: GPL-3.0-or-later
// One exchange as the window runs it: the real OpenAI client against the scripted server, the
// real store on both backends, the database read back from a connection of the test's own.
#include "tst_chatcontroller.h"

void TestChatController::init()
{
    QVERIFY(startRig(std::nullopt));
}

void TestChatController::cleanup()
{
    m_tester.reset();
    m_controller.reset();
    m_drafts.reset();
    m_settings.reset();
    stopRig();
    m_model = nullptr;
}

bool TestChatController::setUp(const QString &backend, int maxRetries)
{
    if (!openStore(backend))
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
