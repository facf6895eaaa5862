// SPDX-License-Identifier: GPL-3.0-or-later
// MidnightClock: today's local date, and one signal when it changes.
#include "midnightclock.h"

#include <QSignalSpy>
#include <QTest>

class TestMidnightClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void todayFollowsTheClock();
};

void TestMidnightClock::todayFollowsTheClock()
{
    MidnightClock clock;
    QSignalSpy changed(&clock, &MidnightClock::dayChanged);

    const QDateTime evening(QDate(2001, 11, 19), QTime(23, 59, 30));
    clock.setClock([evening] { return evening; });
    QCOMPARE(clock.today(), QDate(2001, 11, 19));
    QCOMPARE(changed.count(), 1);

    // Later the same day: no news.
    clock.setClock([evening] { return evening.addSecs(20); });
    QCOMPARE(changed.count(), 1);

    // Past midnight: the next day, once.
    clock.setClock([evening] { return evening.addSecs(60); });
    QCOMPARE(clock.today(), QDate(2001, 11, 20));
    QCOMPARE(changed.count(), 2);
}

QTEST_GUILESS_MAIN(TestMidnightClock)
#include "tst_midnightclock.moc"
