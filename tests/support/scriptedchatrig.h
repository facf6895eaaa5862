// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationstore.h"
#include "databaseconfig.h"
#include "httpchatprovider.h"
#include "scriptedserver.h"

#include <QNetworkAccessManager>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

// What the exchange tests stand on: a scripted server and the real network to it, and a fresh
// store of either backend, opened and ready. A test fixture inherits it (after QObject), so its
// test functions use the members by name.
class ScriptedChatRig
{
protected:
    // In init(): the folder, the listening server, the network and, unless `maxRetries` is
    // nullopt, the OpenAI-compatible provider for the server with those retries.
    bool startRig(std::optional<int> maxRetries);
    // A store on a fresh database of `backend`; true once it is ready.
    bool openStore(const QString &backend);
    // In cleanup(): everything let go, the provider first and the store last.
    void stopRig();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<DatabaseConfig> m_config;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<HttpChatProvider> m_provider;
};
