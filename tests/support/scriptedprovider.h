// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>

class HttpChatProvider;
class QNetworkAccessManager;
class ScriptedServer;

// An OpenAI-compatible provider for `server` with the key "sk-test", as the chat tests use it;
// `maxRetries` unset keeps the provider's default.
std::unique_ptr<HttpChatProvider> scriptedOpenAi(const ScriptedServer &server, QNetworkAccessManager *network,
                                                 std::optional<int> maxRetries = std::nullopt);
