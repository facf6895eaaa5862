// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagecommand.h"

#include "futurecallback.h"
#include "console.h"
#include "conversationstore.h"
#include "databasepassword.h"

#include <QCoreApplication>

StorageCommand::StorageCommand(bool offersJson, SecretStore *secrets, QObject *parent)
    : CliCommand(parent)
    , m_options(offersJson)
    , m_secrets(secrets)
{}

void StorageCommand::withDatabasePassword(std::function<void()> then)
{
    onFinished(DatabasePassword::fill(m_options.config(), m_secrets), this,
               [this, then = std::move(then)](const DatabaseConfig &config) {
                   m_database = config;
                   then();
               });
}

ConversationStore *StorageCommand::openStore()
{
    if (m_store)
        return m_store;
    m_store = new ConversationStore(m_database.value_or(m_options.config()), this);
    // Said at every run until the user dismisses it, ahead of the command's own output.
    connect(m_store, &ConversationStore::recoveryNoticeChanged, this, [this] {
        if (!m_store->recoveryNotice().isEmpty())
            Console::warning(QCoreApplication::translate("cli", "%1 Once you have read this, run "
                                                                "'confab-cli storage dismiss-recovery'.")
                                 .arg(m_store->recoveryNotice()));
    });
    connect(m_store, &ConversationStore::statusChanged, this, [this] {
        if (m_store->status() == ConversationStore::Status::ReadOnly)
            Console::warning(m_store->statusMessage());
    });
    return m_store;
}

QString StorageCommand::messageFor(const StorageError &error) const
{
    if (m_store && m_store->status() == ConversationStore::Status::Failed &&
        !m_store->statusMessage().isEmpty())
        return QCoreApplication::translate("cli", "cannot open the history database %1: %2")
            .arg(m_store->config().displayName(), m_store->statusMessage());
    QString message = error.message;
    if (message.isEmpty())
        message = QCoreApplication::translate("cli", "the history database failed");
    return message;
}

void StorageCommand::failWith(const StorageError &error)
{
    ExitCode code = exitCodeFor(error.kind);
    if (code == ExitCode::Ok || code == ExitCode::Usage)
        code = ExitCode::Storage;
    if (m_store && m_store->status() == ConversationStore::Status::Failed)
        code = ExitCode::Storage;
    fail(code, messageFor(error));
}

void StorageCommand::finishAfterFlush(ExitCode code)
{
    if (!m_store)
        return finish(code);
    onFinished(m_store->flush(), this, [this, code] { finish(code); });
}

void StorageCommand::failNoSuchConversation(const QString &id)
{
    fail(
        ExitCode::NoSuchConversation,
        QCoreApplication::translate("cli", "no conversation with id '%1' in %2; 'confab-cli list' shows them")
            .arg(id, m_options.config().displayName()));
}
