// SPDX-License-Identifier: GPL-3.0-or-later
#include "recoverycommand.h"

#include "console.h"
#include "recoverynotice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

void RecoveryCommand::start(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "cli", "Stop telling that the history database was damaged and replaced: the damaged file "
               "stays where the notice said; delete it yourself once you no longer need it."));
    m_options.addTo(parser);
    if (!parse(parser, QStringLiteral("storage dismiss-recovery"), arguments))
        return;
    if (const QString error = m_options.read(parser); !error.isEmpty())
        return fail(ExitCode::Usage, error);
    const DatabaseConfig &config = m_options.config();
    // Only a SQLite history is ever replaced; a file beside it is all there is to remove.
    if (config.backend != DatabaseConfig::Backend::Sqlite || !RecoveryNotice::read(config.sqlitePath)) {
        Console::note(
            QCoreApplication::translate("cli", "nothing to dismiss for %1").arg(config.displayName()));
        return finish(ExitCode::Ok);
    }
    if (!RecoveryNotice::dismiss(config.sqlitePath)) {
        return fail(ExitCode::Storage,
                    QCoreApplication::translate("cli",
                                                "cannot remove %1: make its folder writable, or delete "
                                                "the file yourself")
                        .arg(QDir::toNativeSeparators(RecoveryNotice::fileFor(config.sqlitePath))));
    }
    Console::note(QCoreApplication::translate("cli", "the recovery notice for %1 is dismissed")
                      .arg(config.displayName()));
    finish(ExitCode::Ok);
}
