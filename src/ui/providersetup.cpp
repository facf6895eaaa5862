// SPDX-License-Identifier: GPL-3.0-or-later
#include "providersetup.h"

#include "providerresolution.h"

#include <QCoreApplication>

ProviderSetup ProviderSetup::fromResolution(const ProviderResolution &resolution)
{
    ProviderSetup setup;
    const ResolvedProvider &provider = resolution.provider;
    setup.profile = provider.profile.name;
    setup.kind = provider.kind;
    setup.config = provider.config;
    setup.model = provider.model;
    switch (resolution.error) {
    case ProviderResolution::Error::None:
        break;
    case ProviderResolution::Error::NoKey:
        setup.problem = QCoreApplication::translate(
                            "ProviderSetup", "Add your %1 API key in Settings to send (or set %2 before starting "
                                             "Confab). Your conversations are all here to read and search.")
                            .arg(ProviderKinds::displayName(provider.kind),
                                 ProviderKinds::keyEnvironmentVariable(provider.kind));
        break;
    case ProviderResolution::Error::NoKeychain:
    case ProviderResolution::Error::Keychain:
    case ProviderResolution::Error::InvalidOption:
    case ProviderResolution::Error::NoSuchProfile:
        setup.problem = resolution.message;
        break;
    }
    return setup;
}
