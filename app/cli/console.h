// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

// The process's standard streams, as bytes: UTF-8, no newline translation, so what the server
// sent is what reaches a pipe. On a terminal, control characters other than newline and tab
// (escape sequences among them) are shown as symbols instead, on stdout and stderr alike.
namespace Console {

void setUp();
bool stdoutIsTerminal();
bool stderrIsTerminal();
bool stdinIsTerminal();

void writeOut(QByteArrayView bytes);
void flushOut();

// Streamed text for stderr that is not a message of ours (the model's thinking): as it is into
// a pipe or a file; on a terminal made harmless as on stdout, and dimmed (ANSI faint).
void writeErrDimmed(QByteArrayView bytes);

// One line on stderr, prefixed with the program's name: "confab-cli: <text>".
void error(const QString &text);
void warning(const QString &text);
// The same for information a script may want, such as the id of a new conversation.
void note(const QString &text);

// All of standard input, as bytes.
QByteArray readAllInput();

// A secret (a key, a password) from standard input: on a terminal, `prompt` on stderr and one
// line read with echo off; from a pipe or file, all of it. Surrounding white space and the
// trailing newline are removed.
QByteArray readSecret(const QString &prompt);

} // namespace Console
