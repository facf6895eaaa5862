// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"
#include "storageerror.h"
#include "storageoptions.h"

#include <functional>
#include <optional>

class ConversationStore;
class SecretStore;

// A subcommand that works on the history: it opens the store the options name and reports a
// storage failure as one line on stderr with exit code 12 (not found) or 13.
class StorageCommand : public CliCommand
{
    Q_OBJECT

public:
    // `offersJson`: whether the command has --json. `secrets` (which outlives the command)
    // holds PostgreSQL passwords.
    StorageCommand(bool offersJson, SecretStore *secrets, QObject *parent = nullptr);

protected:
    // Calls `then` once a PostgreSQL password missing from the URL and $PGPASSWORD has been
    // looked up in the keychain (at once for SQLite). Call before openStore().
    void withDatabasePassword(std::function<void()> then);

    // Opens the store options().config() names (asynchronously: calls may be made at once and
    // run once it is open).
    ConversationStore *openStore();
    ConversationStore *store() const { return m_store; }

    // The message for a failed call: the store's own reason when it could not be opened.
    QString messageFor(const StorageError &error) const;
    void failWith(const StorageError &error);
    // Finishes with `code` once every write made so far has been committed.
    void finishAfterFlush(ExitCode code);
    void failNoSuchConversation(const QString &id);

    StorageOptions m_options;

private:
    SecretStore *m_secrets;
    std::optional<DatabaseConfig> m_database; // the options' database, with the keychain's password
    ConversationStore *m_store = nullptr;
};
