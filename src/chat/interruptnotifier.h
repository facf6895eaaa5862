// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

// Turns Ctrl+C (SIGINT, SIGTERM; the console control handler on Windows) into a signal on
// the event loop: confab-cli cancels its stream and keeps the partial reply, confab quits as
// when its window is closed, so pending writes and drafts are saved (a logout sends SIGTERM).
class InterruptNotifier : public QObject
{
    Q_OBJECT

public:
    explicit InterruptNotifier(QObject *parent = nullptr);
    ~InterruptNotifier() override;

Q_SIGNALS:
    void interrupted();

private:
    void notify();
    static InterruptNotifier *s_current;
    friend struct InterruptNotifierAccess;
};
