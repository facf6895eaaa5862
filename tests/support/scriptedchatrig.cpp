// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedchatrig.h"

#include "scriptedprovider.h"
#include "testdatabases.h"

#include <QDebug>
#include <QTest>

bool ScriptedChatRig::startRig(std::optional<int> maxRetries)
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ScriptedServer>();
    m_network = std::make_unique<QNetworkAccessManager>();
    // The provider takes the server's address, which it has once it listens.
    if (!m_dir->isValid() || !m_server->listen())
        return false;
    if (maxRetries)
        m_provider = scriptedOpenAi(*m_server, m_network.get(), *maxRetries);
    return true;
}

bool ScriptedChatRig::openStore(const QString &backend)
{
    QString error;
    m_config = TestDatabases::fresh(backend, m_dir->path(), &error);
    if (!m_config) {
        qWarning() << error;
        return false;
    }
    m_store = std::make_unique<ConversationStore>(*m_config);
    // A store opens on its own thread: wait until it is ready, for as long as a loaded CI
    // machine may need.
    return QTest::qWaitFor([this] { return m_store->status() == ConversationStore::Status::Ready; }, 30000);
}

void ScriptedChatRig::stopRig()
{
    m_provider.reset();
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_config.reset();
}
