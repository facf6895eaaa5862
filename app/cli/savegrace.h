// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

class ConversationStore;

// How long `ask` waits on a database that is away, locked or full once the reply is done,
// before its writes are given up: a script should not hang on a server that is gone. Says so
// once on stderr while the store retries.
class SaveGrace : public QObject
{
    Q_OBJECT

public:
    explicit SaveGrace(ConversationStore *store, QObject *parent = nullptr);

    static constexpr std::chrono::milliseconds retryGrace{5000};

    // The reply is done: from now on, retrying for retryGrace gives the writes up.
    void replyEnded();
    // Every write is done: nothing to give up any more.
    void writesDone();
    // Whether the writes were given up after waiting retryGrace.
    bool gaveUp() const { return m_gaveUp; }

private:
    void onStatusChanged();
    void giveUp();

    ConversationStore *m_store;
    QTimer m_giveUp;
    bool m_replyEnded = false;
    bool m_warned = false;
    bool m_gaveUp = false;
    bool m_done = false;
};
