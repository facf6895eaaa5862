// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerconfig.h"

#include <QString>

#include <optional>

// Which server the window talks to and which model it asks, from the command line (--base-url,
// --model) and the environment (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL). A missing key
// is not an error here: the window opens and says what to do (AppContext::cannotSendReason).
struct ProviderSetup
{
    ProviderConfig config;
    QString model; // empty: the one used last, else the server's first

    // `baseUrl` and `model` are the options' values (empty when not given). On a bad value
    // returns nullopt and says why in `error`.
    static std::optional<ProviderSetup> resolve(const QString &baseUrl, const QString &model, QString *error);

    // Whether requests to `config`'s server need a key we do not have (OpenAI's own API).
    static bool needsKey(const ProviderConfig &config);
};
