// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerprofile.h"
#include "providerconfig.h"

#include <QString>

// The server, key and model one run talks to, after the command line, the environment, the
// profile and the keychain have had their say. The key is in config.apiKey, in memory only.
struct ResolvedProvider
{
    enum class KeySource {
        None,        // no key (a local server that needs none)
        Environment, // OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY
        Session,     // given for this session only (SessionSecrets)
        Keychain,
    };

    ProviderProfile profile; // as stored, before the overrides
    ProviderKind kind = ProviderKind::OpenAi;
    ProviderConfig config; // base URL, key, OpenAI organization/project, extra headers
    QString model;         // --model, else $OPENAI_MODEL (OpenAI profiles), else the profile's; may be empty
    bool modelFromCommandLine = false;
    KeySource keySource = KeySource::None;
};
