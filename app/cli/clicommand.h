// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exitcode.h"

#include <QObject>
#include <QStringList>

class QCommandLineParser;

// One subcommand of confab-cli. start() returns at once; finished() reports the exit code,
// always from the event loop, never from within start().
class CliCommand : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // `arguments` are those after the subcommand's name.
    virtual void start(const QStringList &arguments) = 0;

Q_SIGNALS:
    void finished(int exitCode);

protected:
    // Parses `arguments` for the command `name` ("ask", "debug sse"). On --help it prints the
    // help and finishes with 0; on a bad argument it prints the error and finishes with 2.
    // Returns whether the command should go on.
    bool parse(QCommandLineParser &parser, const QString &name, const QStringList &arguments);

    // Reports the exit code from the event loop.
    void finish(ExitCode code);
    void fail(ExitCode code, const QString &message);
};
