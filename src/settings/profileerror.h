// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Why a profile could not be added, changed, chosen or removed, in words a user can act on.
struct ProfileError
{
    enum class Kind {
        None,
        InvalidName,   // empty, too long, or characters other than letters, digits, '.', '_', '-'
        Duplicate,     // another profile has that name (compared without case)
        NotFound,      // no profile of that name
        Builtin,       // the openai profile cannot be removed
        InvalidUrl,    // not an http:// or https:// URL with a host
        InvalidHeader, // malformed name or value
        SecretHeader,  // a header that carries a credential: secrets go to the keychain
    };

    Kind kind = Kind::None;
    QString message;

    bool isError() const { return kind != Kind::None; }
};
