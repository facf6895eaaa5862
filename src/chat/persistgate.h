// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class ChatStream;

// Holds an exchange's first writes until its request has surely left: the stream's first word
// back (started, retrying, failed or done), or `deadline`, whichever comes first. Stream first,
// persist later, without ever waiting long: the deadline bounds how long the writes are held.
class PersistGate : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultDeadline{1000};

    PersistGate(ChatStream *stream, std::function<void()> writes, QObject *parent = nullptr,
                std::chrono::milliseconds deadline = defaultDeadline);
    // Lets the writes through if they are still held: nothing is dropped.
    ~PersistGate() override;

    // Lets the writes through now (once); the gate then deletes itself.
    void open();

private:
    std::function<void()> m_writes;
    QTimer m_deadline;
};
