// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicommand.h"

#include "console.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QMetaObject>

bool CliCommand::parse(QCommandLineParser &parser, const QString &name, const QStringList &arguments)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("cli", "Show this help."));
    parser.addOption(help);
    const QString program = QCoreApplication::applicationName() + u' ' + name;
    if (!parser.parse(QStringList{program} + arguments)) {
        fail(ExitCode::Usage,
             QCoreApplication::translate("cli", "%1 (see '%2 --help')").arg(parser.errorText(), program));
        return false;
    }
    if (parser.isSet(help)) {
        // helpText() names the executable; name the subcommand too.
        QString text = parser.helpText();
        const QString usage = QStringLiteral("Usage: ");
        const qsizetype end = text.indexOf(u' ', usage.size());
        if (text.startsWith(usage) && end > 0)
            text.replace(usage.size(), end - usage.size(), program);
        Console::writeOut(text.toUtf8());
        finish(ExitCode::Ok);
        return false;
    }
    return true;
}

void CliCommand::finish(ExitCode code)
{
    QMetaObject::invokeMethod(
        this, [this, code] { Q_EMIT finished(int(code)); }, Qt::QueuedConnection);
}

void CliCommand::fail(ExitCode code, const QString &message)
{
    Console::error(message);
    finish(code);
}
