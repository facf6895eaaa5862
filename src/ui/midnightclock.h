// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>

// Today's local date, for lists headed by date ("Today", "Yesterday"…), and a signal just after it
// changes: at midnight, or when the clock has jumped (suspend, travel), noticed within the hour.
class MidnightClock : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    explicit MidnightClock(QObject *parent = nullptr);

    // What "now" is (tests fix it); the local clock by default.
    void setClock(Clock clock);
    QDate today() const { return m_today; }

Q_SIGNALS:
    void dayChanged();

private:
    void update();

    Clock m_clock;
    QDate m_today;
    QTimer m_timer;
};
