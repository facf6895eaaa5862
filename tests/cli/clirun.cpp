// SPDX-License-Identifier: GPL-3.0-or-later
#include "clirun.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

CliRun CliRun::exec(const QStringList &arguments, const QByteArray &input,
                    const QProcessEnvironment &environment,
                    const std::function<void(QProcess &)> &whileRunning)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(CONFAB_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForStarted(10000)) {
        qWarning("confab-cli did not start: %s", qPrintable(process.errorString()));
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (whileRunning)
        whileRunning(process);
    if (finished.isEmpty() && !finished.wait(60000)) {
        process.kill();
        qWarning("confab-cli did not finish within 60 s");
    }
    run.exitCode = process.exitCode();
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QProcessEnvironment CliRun::defaultEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-0123456789"));
    // Whatever a test does not point elsewhere goes to a throwaway file, never the user's history.
    static const QTemporaryDir history;
    env.insert(QStringLiteral("CONFAB_DATABASE"), history.filePath(QStringLiteral("history.sqlite")));
    // The test server's password as a user should give it: not in a --database URL, where other
    // users could read it (confab-cli warns about that).
    const QUrl server(qEnvironmentVariable("CONFAB_TEST_POSTGRES_URL"));
    if (server.password().isEmpty())
        env.remove(QStringLiteral("PGPASSWORD"));
    else
        env.insert(QStringLiteral("PGPASSWORD"), server.password(QUrl::FullyDecoded));
    return env;
}

QString CliRun::errLine() const
{
    const QString text = QString::fromUtf8(err);
    if (!text.endsWith(u'\n') || text.count(u'\n') != 1)
        qWarning("stderr is not one line: %s", qPrintable(text));
    return text.trimmed();
}
