// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "secreterror.h"

#include <QString>

// What a keychain read found: the secret (in memory only), or why there is none.
struct SecretResult
{
    SecretError error;
    QString secret;

    bool ok() const { return !error.isError(); }
};
