// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"
#include "resolvedprovider.h"

class ModelCache;
class ProfileStore;
class QNetworkAccessManager;
class SecretStore;
struct ProviderError;

// `confab-cli models`: lists the models the profile's server offers, one per line. The list is
// kept in the model cache; when the server cannot be reached, the cached one is printed with a
// warning.
class ModelsCommand : public CliCommand
{
    Q_OBJECT

public:
    // `network` and the stores outlive the command.
    ModelsCommand(QNetworkAccessManager *network, ProfileStore *profiles, SecretStore *secrets,
                  QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void list(const ResolvedProvider &provider);
    void printCachedOr(const ResolvedProvider &provider, const ProviderError &error);
    static void print(const QStringList &ids);

    QNetworkAccessManager *m_network;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    ModelCache *m_cache;
};
