// SPDX-License-Identifier: GPL-3.0-or-later
#include "console.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdio>
#include <iterator>

#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#define CONFAB_ISATTY _isatty
#define CONFAB_FILENO _fileno
#else
#include <csignal>
#include <termios.h>
#include <unistd.h>
#define CONFAB_ISATTY isatty
#define CONFAB_FILENO fileno
#endif

namespace Console {

void setUp()
{
#ifdef Q_OS_WIN
    // Bytes out as they are: no CRLF translation, and a console that shows UTF-8.
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stdin), _O_BINARY);
    SetConsoleOutputCP(CP_UTF8);
#endif
}

bool stdoutIsTerminal()
{
    return CONFAB_ISATTY(CONFAB_FILENO(stdout));
}
bool stderrIsTerminal()
{
    return CONFAB_ISATTY(CONFAB_FILENO(stderr));
}
bool stdinIsTerminal()
{
    return CONFAB_ISATTY(CONFAB_FILENO(stdin));
}

namespace {

// Text bound for a terminal loses its control characters (but newline and tab): a reply or a
// stored message could otherwise move the cursor, rewrite what was shown before, retitle the
// window or set the clipboard (OSC 52). Each is shown as a symbol instead: C0 as its Control
// Picture (ESC as ␛), DEL as ␡, C1 (U+0080–U+009F) and bytes that are not UTF-8 as U+FFFD.
// A CR right before a LF only ends a line and is dropped.
QByteArray forTerminal(QByteArrayView utf8)
{
    const QString text = QString::fromUtf8(utf8);
    QString shown;
    shown.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n' || c == u'\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f)
            shown.append(QChar(c));
        else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
            continue;
        else if (c < 0x20)
            shown.append(QChar(char16_t(0x2400 + c)));
        else if (c == 0x7f)
            shown.append(QChar(char16_t(0x2421)));
        else
            shown.append(QChar(QChar::ReplacementCharacter));
    }
    return shown.toUtf8();
}

} // namespace

// Every byte for stdout passes here: on a terminal it is made harmless, into a pipe or a file it
// goes as it is.
void writeOut(QByteArrayView bytes)
{
    static const bool terminal = stdoutIsTerminal();
    if (terminal) {
        const QByteArray shown = forTerminal(bytes);
        std::fwrite(shown.constData(), 1, size_t(shown.size()), stdout);
        return;
    }
    std::fwrite(bytes.data(), 1, size_t(bytes.size()), stdout);
}

void flushOut()
{
    std::fflush(stdout);
}

void writeErrDimmed(QByteArrayView bytes)
{
    static const bool terminal = stderrIsTerminal();
    std::fflush(stdout);
    if (terminal) {
        // Faint on and off around each piece: whatever else reaches the terminal is not dimmed.
        const QByteArray shown = "\x1b[2m" + forTerminal(bytes) + "\x1b[22m";
        std::fwrite(shown.constData(), 1, size_t(shown.size()), stderr);
    } else {
        std::fwrite(bytes.data(), 1, size_t(bytes.size()), stderr);
    }
    std::fflush(stderr);
}

static void writeErr(const QString &text)
{
    // One line, whatever the provider's message contained.
    QString line = text;
    line.replace(u'\r', u' ').replace(u'\n', u' ');
    QByteArray bytes = QCoreApplication::applicationName().toUtf8() + ": " + line.toUtf8() + '\n';
    // A message may carry a server's words.
    static const bool terminal = stderrIsTerminal();
    if (terminal)
        bytes = forTerminal(bytes);
    std::fflush(stdout);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void error(const QString &text)
{
    writeErr(text);
}

void warning(const QString &text)
{
    writeErr(QCoreApplication::translate("cli", "warning: %1").arg(text));
}

void note(const QString &text)
{
    writeErr(text);
}

QByteArray readAllInput()
{
    QByteArray all;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        all.append(buffer, qsizetype(n));
    return all;
}

namespace {

QByteArray readLine()
{
    QByteArray line;
    char buffer[1024];
    while (std::fgets(buffer, sizeof buffer, stdin)) {
        line.append(buffer);
        std::fill(std::begin(buffer), std::end(buffer), '\0');
        if (line.endsWith('\n'))
            break;
    }
    return line;
}

#ifndef Q_OS_WIN
// Echo comes back even when Ctrl+C ends the program while the secret is typed.
termios savedTerminal;
void restoreEchoAndDie(int signal)
{
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}
#endif

void prompt(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

// The prompt comes once echo is off, so nothing typed after it can show.
QByteArray readLineWithoutEcho(const QString &text)
{
#ifdef Q_OS_WIN
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    const bool console = GetConsoleMode(input, &mode);
    if (console)
        SetConsoleMode(input, mode & ~DWORD(ENABLE_ECHO_INPUT));
    prompt(text);
    QByteArray line = readLine();
    if (console)
        SetConsoleMode(input, mode);
    return line;
#else
    if (tcgetattr(STDIN_FILENO, &savedTerminal) != 0) {
        prompt(text);
        return readLine();
    }
    termios quiet = savedTerminal;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    quiet.c_lflag |= ECHONL;
    const auto previousInt = std::signal(SIGINT, restoreEchoAndDie);
    const auto previousTerm = std::signal(SIGTERM, restoreEchoAndDie);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    prompt(text);
    QByteArray line = readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    return line;
#endif
}

} // namespace

QByteArray readSecret(const QString &prompt)
{
    QByteArray secret;
    if (stdinIsTerminal())
        secret = readLineWithoutEcho(prompt);
    else
        secret = readAllInput();
    return secret.trimmed();
}

} // namespace Console
