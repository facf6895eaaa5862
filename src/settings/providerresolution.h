// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "resolvedprovider.h"

#include <QString>

// What ProviderResolver found: the provider to talk to, or why there is none.
struct ProviderResolution
{
    enum class Error {
        None,
        InvalidOption, // a malformed --base-url or $OPENAI_BASE_URL
        NoSuchProfile, // --profile names none
        NoKey,         // the profile needs a key and none is stored or given
        NoKeychain,    // it needs one from the keychain, which cannot be reached
        Keychain,      // the keychain refused or failed
    };

    Error error = Error::None;
    QString message; // never holds the key
    ResolvedProvider provider;

    bool ok() const { return error == Error::None; }
};
