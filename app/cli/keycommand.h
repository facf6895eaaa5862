// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

class ProfileStore;
class SecretStore;
struct SecretError;

// `confab-cli key set|rm PROFILE` and `key set|rm --database URL`: a profile's API key or a
// PostgreSQL password in the keychain. The secret is read from standard input (without echo on
// a terminal), never from the command line, and is never printed.
class KeyCommand : public CliCommand
{
    Q_OBJECT

public:
    // The stores outlive the command.
    KeyCommand(ProfileStore *profiles, SecretStore *secrets, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void set(const QString &entry, const QString &what, const QString &prompt);
    // `what`: "the key of profile 'x'"; `nothing`: what to say when none was stored.
    void remove(const QString &entry, const QString &what, const QString &nothing);
    void failWith(const SecretError &error);

    ProfileStore *m_profiles;
    SecretStore *m_secrets;
};
