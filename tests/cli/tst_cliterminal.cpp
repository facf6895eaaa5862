// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli on a terminal and into a pipe: text from a server or the history reaches a terminal
// without its control characters (a reply cannot move the cursor, rewrite what was shown or set
// the clipboard), and a pipe byte for byte. script(1) runs the real binary on a pseudo-terminal
// and copies what the terminal was sent to its own stdout.
#include "clirun.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// OSC 52 sets the clipboard; CSI 2J clears the screen; CR rewrites the line; CSI as the C1
// character U+009B; DEL; BEL ends the OSC.
const QString hostile = u"Hi\x1b]52;c;cm0gLXJmIH4=\x07 clear\x1b[2J line\rover \u009b31m red\x7f end\n"_s;

struct TerminalRun
{
    int exitCode = -1;
    QByteArray shown; // what the terminal was sent: stdout and stderr, as the pty carried them
};

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

TerminalRun onTerminal(const QStringList &arguments, const QProcessEnvironment &environment)
{
    TerminalRun run;
    const QString script = QStandardPaths::findExecutable(u"script"_s);
    if (script.isEmpty()) {
        qWarning("needs script(1) from util-linux (Debian: bsdutils) for a terminal");
        return run;
    }
    QStringList command{shellQuoted(QStringLiteral(CONFAB_CLI_PATH))};
    for (const QString &argument : arguments)
        command.append(shellQuoted(argument));
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(script, {u"-q"_s, u"-e"_s, u"-c"_s, command.join(u' '), u"/dev/null"_s});
    if (!process.waitForStarted(10000))
        return run;
    // The event loop turns while waiting: the scripted server lives on it.
    if (finished.isEmpty() && !finished.wait(60000)) {
        process.kill();
        qWarning("confab-cli on a terminal did not finish within 60 s");
    }
    run.exitCode = process.exitCode();
    run.shown = process.readAllStandardOutput();
    return run;
}

// No byte that a terminal would act on, but for the pty's own CR LF line ends.
QString controlsIn(const QByteArray &shown)
{
    QByteArray text = shown;
    text.replace("\r\n", "\n");
    QStringList found;
    const QString decoded = QString::fromUtf8(text);
    for (const QChar c : decoded) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || (u >= 0x7f && u <= 0x9f))
            found.append(u"U+%1"_s.arg(int(u), 4, 16, QChar(u'0')));
    }
    return found.join(u' ');
}

} // namespace

class TestCliTerminal : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;

    QStringList ask(const QStringList &extra) const
    {
        return QStringList{u"ask"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"--model"_s,
                           u"gpt-test"_s} +
               extra + QStringList{u"Say hello"_s};
    }

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        m_env = CliRun::defaultEnvironment();
        m_env.insert(u"CONFAB_DATABASE"_s,
                     m_dir.filePath(u"%1.sqlite"_s.arg(QString::fromLatin1(QTest::currentTestFunction()))));
        m_env.insert(u"TERM"_s, u"xterm-256color"_s);
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void replyAndHistoryReachATerminalWithoutControls()
    {
        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({hostile.left(9), hostile.mid(9)}).bytes(), 5));
        const TerminalRun asked = onTerminal(ask({}), m_env);
        QCOMPARE(asked.exitCode, 0);
        QVERIFY2(controlsIn(asked.shown).isEmpty(), qPrintable(controlsIn(asked.shown)));
        // What was there is shown, as symbols.
        const QString text = QString::fromUtf8(asked.shown);
        QVERIFY2(text.contains(u"Hi␛]52;c;cm0gLXJmIH4=␇ clear␛[2J line␍over \uFFFD31m red␡ end"),
                 asked.shown.constData());

        const QRegularExpressionMatch id = QRegularExpression(u"conversation ([0-9a-f-]{36})"_s).match(text);
        QVERIFY2(id.hasMatch(), asked.shown.constData());
        const TerminalRun shown = onTerminal({u"show"_s, id.captured(1)}, m_env);
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(controlsIn(shown.shown).isEmpty(), qPrintable(controlsIn(shown.shown)));
        QVERIFY2(QString::fromUtf8(shown.shown).contains(u"␛]52;c;cm0gLXJmIH4=␇"), shown.shown.constData());

        // The same history into a pipe: every byte as it was sent.
        const CliRun piped = CliRun::exec({u"show"_s, id.captured(1)}, {}, m_env);
        QCOMPARE(piped.exitCode, 0);
        QVERIFY2(piped.out.contains(hostile.toUtf8()), piped.out.constData());
    }

    void pipedReplyIsByteExact()
    {
        m_server->enqueue(ScriptedResponse::eventStream(
            SseBodyBuilder().reply({hostile.left(4), hostile.mid(4)}).bytes(), 3));
        const CliRun run = CliRun::exec(ask({u"--no-save"_s}), {}, m_env);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, hostile.toUtf8());
    }

    // --show-reasoning: the thinking dimmed (ANSI faint on, then off), its own controls shown as
    // symbols; the answer after it on a line of its own, not dimmed.
    void thinkingIsDimmedOnATerminalWithoutControls()
    {
        m_server->enqueue(ScriptedResponse::eventStream(SseBodyBuilder()
                                                            .role()
                                                            .reasoning(hostile.left(9))
                                                            .reasoning(hostile.mid(9))
                                                            .reply({u"Hello"_s})
                                                            .bytes(),
                                                        5));
        const TerminalRun run = onTerminal(ask({u"--no-save"_s, u"--show-reasoning"_s}), m_env);
        QCOMPARE(run.exitCode, 0);
        QByteArray undimmed = run.shown;
        QVERIFY2(undimmed.contains("\x1b[2m") && undimmed.contains("\x1b[22m"), run.shown.constData());
        undimmed.replace("\x1b[2m", "").replace("\x1b[22m", "");
        QVERIFY2(controlsIn(undimmed).isEmpty(), qPrintable(controlsIn(undimmed)));
        const QString text = QString::fromUtf8(undimmed).replace(u"\r\n"_s, u"\n"_s);
        QVERIFY2(text.contains(u"Hi␛]52;c;cm0gLXJmIH4=␇ clear␛[2J line␍over \uFFFD31m red␡ end\nHello"),
                 run.shown.constData());
        QVERIFY(run.shown.lastIndexOf("\x1b[22m") < run.shown.indexOf("Hello"));
    }

    void serverErrorsReachATerminalWithoutControls()
    {
        m_server->enqueue(
            ScriptedResponse::openAiError(400, u"bad \x1b]52;c;ZWNobyBwd25lZA==\x07 request\x1b[1A"_s));
        const TerminalRun run = onTerminal(ask({u"--no-save"_s}), m_env);
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.shown.contains("request rejected (HTTP 400)"), run.shown.constData());
        QVERIFY2(controlsIn(run.shown).isEmpty(), qPrintable(controlsIn(run.shown)));
        QVERIFY2(QString::fromUtf8(run.shown).contains(u"bad ␛]52;c;ZWNobyBwd25lZA==␇ request␛[1A"),
                 run.shown.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliTerminal)
#include "tst_cliterminal.moc"
