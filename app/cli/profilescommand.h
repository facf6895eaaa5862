// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"
#include "providerprofile.h"
#include "secreterror.h"

#include <QList>
#include <QStringList>

#include <optional>

class ProfileStore;
class QCommandLineParser;
class SecretStore;

// `confab-cli profiles list|add|edit|rm|use`: the provider profiles both executables share. Lists
// say whether a key is stored, never the key; rm removes the key and the cached model list too.
class ProfilesCommand : public CliCommand
{
    Q_OBJECT

public:
    // The stores outlive the command.
    ProfilesCommand(ProfileStore *profiles, SecretStore *secrets, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void list(bool json);
    void checkNextKey();
    void printList();
    void add(const QCommandLineParser &parser, const QStringList &positional);
    void edit(const QCommandLineParser &parser, const QString &name);
    void remove(const QString &name);
    void use(const QString &name);

    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    bool m_json = false;
    QList<ProviderProfile> m_listed;
    QList<std::optional<bool>> m_keyStored; // nullopt: the keychain could not tell
    std::optional<SecretError> m_keychainError;
};
