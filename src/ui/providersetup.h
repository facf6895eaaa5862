// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providerconfig.h"
#include "providerkind.h"

#include <QString>

struct ProviderResolution;

// The server the window talks to now, as resolved from the profile, the command line and the
// keychain (ProviderSettings), with the key held in memory only. `problem` says why nothing
// can be sent with it (no key, no keychain…), empty when it is ready.
struct ProviderSetup
{
    QString profile; // the profile's name ("" when not from a profile)
    ProviderKind kind = ProviderKind::OpenAi;
    ProviderConfig config;
    QString model; // empty: the one used last with this server, else the server's first
    QString problem;

    static ProviderSetup fromResolution(const ProviderResolution &resolution);
};
