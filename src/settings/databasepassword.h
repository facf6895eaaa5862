// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"

#include <QFuture>

class SecretStore;

// Fills in a PostgreSQL password from the keychain (SecretStore::databaseKey) when neither the
// URL nor $PGPASSWORD gave one (DatabaseConfig::resolve applies those first, and they win).
// Without a stored password or a keychain the configuration comes back as it was: the server
// may need none, and libpq still reads ~/.pgpass.
namespace DatabasePassword {

QFuture<DatabaseConfig> fill(const DatabaseConfig &config, SecretStore *secrets);

} // namespace DatabasePassword
