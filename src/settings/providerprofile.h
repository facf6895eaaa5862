// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerkind.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// One server the user talks to: a name, the wire format it speaks, where it is and which model
// to ask by default. Its key is not here: it lives in the keychain under
// SecretStore::providerKey(name).
struct ProviderProfile
{
    QString name;
    ProviderKind kind = ProviderKind::OpenAi;
    QUrl baseUrl;         // empty: the kind's default (ProviderKinds::defaultBaseUrl)
    QString defaultModel; // empty: none (ask the server, or give --model)
    QList<QPair<QByteArray, QByteArray>> extraHeaders; // never a secret (ProfileValidation)
    bool keyRequired = true; // false for local servers that take no key (Ollama, LM Studio…)

    // The name of the profile that exists from the start and cannot be removed.
    static QString builtinName() { return QStringLiteral("openai"); }
    // That profile as it is before the user edits it.
    static ProviderProfile builtin();

    QUrl effectiveBaseUrl() const;
    bool isBuiltin() const;

    friend bool operator==(const ProviderProfile &, const ProviderProfile &) = default;
};
