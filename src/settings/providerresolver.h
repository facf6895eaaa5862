// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerresolution.h"

#include <QFuture>
#include <QProcessEnvironment>
#include <QString>

class ProfileStore;
class SecretStore;
class SessionSecrets;

// What the command line says about the provider (empty: not given).
struct ProviderOverrides
{
    QString profile; // --profile NAME (default: the current profile)
    QString baseUrl; // --base-url URL
    QString model;   // --model NAME
};

// Decides, for both executables, which server to talk to with which key and model:
//
// - the profile: --profile, else the current one (`openai` until the user picks another);
// - the base URL: --base-url, else $OPENAI_BASE_URL for an OpenAI profile, else the profile's;
// - the model: --model, else $OPENAI_MODEL for an OpenAI profile, else the profile's default;
// - the key: the kind's variable ($OPENAI_API_KEY, $ANTHROPIC_API_KEY, $GEMINI_API_KEY) for
//   this session, else a key given for this session only (SessionSecrets), else the keychain.
//
// A profile that needs a key fails without one, unless --base-url or $OPENAI_BASE_URL points
// it at another server (a local one that needs none). A keychain that cannot be reached only
// matters when a key is needed and none was given otherwise.
class ProviderResolver
{
public:
    // The stores outlive this object (the futures do not need them).
    ProviderResolver(ProfileStore *profiles, SecretStore *secrets, SessionSecrets *session = nullptr);

    // The process's environment unless set (for tests).
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

    // Resolves on the caller's thread's event loop, or at once when no keychain read is needed.
    QFuture<ProviderResolution> resolve(const ProviderOverrides &overrides) const;

private:
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    SessionSecrets *m_session;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
};
