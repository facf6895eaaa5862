// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

class QProcess;

// One run of the real confab-cli executable, as a script would run it.
struct CliRun
{
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;

    // Runs confab-cli with `arguments` and `input` on stdin, keeping the event loop turning
    // (the scripted server lives on it) until it exits. `whileRunning` is called once the
    // process has started, e.g. to interrupt it.
    static CliRun exec(const QStringList &arguments, const QByteArray &input = {},
                       const QProcessEnvironment &environment = defaultEnvironment(),
                       const std::function<void(QProcess &)> &whileRunning = {});

    // The caller's environment with a test key and no OPENAI_* settings of the user's; PGPASSWORD
    // is the test PostgreSQL server's.
    static QProcessEnvironment defaultEnvironment();

    // stderr without its trailing newline; fails the test if it is not exactly one line.
    QString errLine() const;
};
