// SPDX-License-Identifier: GPL-3.0-or-later
#include "rmcommand.h"

#include "futurecallback.h"
#include "conversationstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>

void RmCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("cli", "Delete conversations and all their messages, for good. An id "
                                           "that is not in the history is an error (exit code 12); the "
                                           "ones before it are deleted.\n\n%1")
            .arg(exitCodeHelp()));
    parser.addPositionalArgument(
        QStringLiteral("ID"),
        QCoreApplication::translate("cli", "The conversations' ids, as 'list' prints them."),
        QStringLiteral("ID…"));
    m_options.addTo(parser);
    if (!parse(parser, QStringLiteral("rm"), arguments))
        return;
    if (parser.positionalArguments().isEmpty())
        return fail(ExitCode::Usage, QCoreApplication::translate("cli", "rm needs the ID of a conversation"));
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);
    for (const QString &id : parser.positionalArguments())
        m_ids.append(id.trimmed().toLower());
    withDatabasePassword([this] {
        openStore();
        removeNext();
    });
}

void RmCommand::removeNext()
{
    if (m_ids.isEmpty())
        return finishAfterFlush(ExitCode::Ok);
    const QString id = m_ids.takeFirst();
    // Look first: deleting an id that is not there is not an error in SQL, but is for the user.
    onFinished(store()->conversation(id), this, [this, id](const StorageResult<ConversationRecord> &found) {
        if (found.error.kind == StorageError::Kind::NotFound || (found.ok() && found.value.id.isEmpty()))
            return failNoSuchConversation(id);
        if (!found.ok())
            return failWith(found.error);
        onFinished(store()->deleteConversation(id), this, [this, id](const StorageError &error) {
            if (error.kind == StorageError::Kind::NotFound)
                return failNoSuchConversation(id);
            if (error.isError())
                return failWith(error);
            removeNext();
        });
    });
}
