// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Why the keychain could not do what was asked, with a message a user can act on. Never holds
// the secret itself.
struct SecretError
{
    enum class Kind {
        None,
        NotFound,     // nothing is stored under that key
        NoKeychain,   // no keychain could be reached (on Linux: no Secret Service on the bus)
        AccessDenied, // the keychain is locked, or the user or system refused
        Failed,       // anything else the keychain reported
    };

    Kind kind = Kind::None;
    QString message;

    bool isError() const { return kind != Kind::None; }

    // From a QtKeychain error code and its text, for the entry `key`.
    static SecretError fromKeychain(int keychainError, const QString &detail, const QString &key);
    // The plain statement used whenever no keychain can be reached.
    static QString noKeychainMessage();
};
