// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasepassword.h"

#include "readyfuture.h"
#include "secretstore.h"
#include "settingslogging.h"

namespace DatabasePassword {

QFuture<DatabaseConfig> fill(const DatabaseConfig &config, SecretStore *secrets)
{
    if (config.backend != DatabaseConfig::Backend::Postgres || !config.password.isEmpty())
        return readyFuture(config);
    return secrets->read(SecretStore::databaseKey(config)).then([config](const SecretResult &read) {
        DatabaseConfig filled = config;
        if (read.ok())
            filled.password = read.secret;
        else if (read.error.kind != SecretError::Kind::NotFound)
            qCInfo(lcSettings).noquote() << "no database password from the keychain:" << read.error.message;
        return filled;
    });
}

} // namespace DatabasePassword
