// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerprofile.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

// A starting point for a new profile: the known servers and their usual addresses.
struct ProfilePreset
{
    QString id; // "ollama", "lmstudio", "llamacpp", "vllm", "openrouter", "openai", "anthropic", "gemini"
    QString displayName; // "Ollama", "LM Studio", …
    ProviderKind kind = ProviderKind::OpenAiCompatible;
    QUrl baseUrl;
    bool keyRequired = true;
    bool local = false; // runs on this machine (offered by LocalServerDetector)

    static QList<ProfilePreset> all();
    static std::optional<ProfilePreset> find(QStringView id);
    // The ids, for messages: "ollama, lmstudio, …".
    static QString idList();

    // A profile named `name` with this preset's kind, URL and need for a key.
    ProviderProfile toProfile(const QString &name) const;
};
