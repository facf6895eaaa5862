// SPDX-License-Identifier: GPL-3.0-or-later
// FrameBatcher: streamed text held and delivered together, never held past its interval, even
// while more keeps coming.
#include "framebatcher.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

class TestFrameBatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deltasAreHeldAndDeliveredTogether();
    void aSteadyStreamIsDeliveredWhileItFlows();
    void clearDropsWhatIsHeld();
};

void TestFrameBatcher::deltasAreHeldAndDeliveredTogether()
{
    FrameBatcher batcher(std::chrono::milliseconds(40));
    QSignalSpy due(&batcher, &FrameBatcher::due);
    batcher.add(u"a"_s, u"Hel"_s);
    batcher.add(u"a"_s, u"lo"_s);
    batcher.add(u"b"_s, u"Hi"_s);
    QCOMPARE(due.count(), 0); // never from inside add()
    QCOMPARE(batcher.pending(u"a"_s), u"Hello"_s);
    QVERIFY(due.wait());
    const QHash<QString, QString> taken = batcher.take();
    QCOMPARE(taken.value(u"a"_s), u"Hello"_s);
    QCOMPARE(taken.value(u"b"_s), u"Hi"_s);
    QCOMPARE(taken.size(), 2);
    QVERIFY(batcher.pending(u"a"_s).isEmpty());

    // After a delivery the next delta is held for the next interval, then delivered alone.
    batcher.add(u"a"_s, u" again"_s);
    QCOMPARE(due.count(), 1);
    QVERIFY(due.wait());
    QCOMPARE(batcher.take(), (QHash<QString, QString>{{u"a"_s, u" again"_s}}));
}

// Deltas arriving faster than the interval do not put the delivery off: each interval's text is
// delivered while the stream goes on, whole and in order.
void TestFrameBatcher::aSteadyStreamIsDeliveredWhileItFlows()
{
    FrameBatcher batcher(std::chrono::milliseconds(40));
    QString delivered;
    int deliveries = 0;
    connect(&batcher, &FrameBatcher::due, &batcher, [&] {
        delivered += batcher.take().value(u"a"_s);
        ++deliveries;
    });
    QString added;
    QTimer feeder;
    feeder.setInterval(std::chrono::milliseconds(2));
    connect(&feeder, &QTimer::timeout, &batcher, [&] {
        const QString delta = u"%1 "_s.arg(added.size());
        added += delta;
        batcher.add(u"a"_s, delta);
    });
    feeder.start();
    QTRY_VERIFY(deliveries >= 5); // while the feeder still runs: it stops only below
    feeder.stop();
    QTRY_COMPARE(delivered, added);
}

void TestFrameBatcher::clearDropsWhatIsHeld()
{
    FrameBatcher batcher(std::chrono::milliseconds(10));
    QSignalSpy due(&batcher, &FrameBatcher::due);
    batcher.add(u"a"_s, u"gone"_s);
    batcher.clear();
    QVERIFY(batcher.pending(u"a"_s).isEmpty());
    QVERIFY(!due.wait(200));
    batcher.add(u"a"_s, u"kept"_s);
    QVERIFY(due.wait());
    QCOMPARE(batcher.take().value(u"a"_s), u"kept"_s);
}

QTEST_GUILESS_MAIN(TestFrameBatcher)
#include "tst_framebatcher.moc"
