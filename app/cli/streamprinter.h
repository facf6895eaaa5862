// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

// Writes streamed text to stdout (the answer) or, dimmed, to stderr (the thinking) as it
// arrives. Everything that came in one network read is written and flushed together, once
// control returns to the event loop: the reader sees each token at once, without a system call
// per token.
class StreamPrinter : public QObject
{
    Q_OBJECT

public:
    enum class Target { Stdout, StderrDimmed };

    explicit StreamPrinter(Target target, QObject *parent = nullptr);

    void print(const QString &text);
    void flush();

    bool endsWithNewline() const { return m_lastChar == u'\n'; }
    bool isEmpty() const { return m_lastChar.isNull(); }

private:
    Target m_target;
    QByteArray m_pending;
    QChar m_lastChar;
    bool m_flushQueued = false;
};
