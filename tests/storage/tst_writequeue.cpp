// SPDX-License-Identifier: GPL-3.0-or-later
#include "writequeue.h"

#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;

class TestWriteQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Writes come out in order; a flush is answered only once the writes before it are done,
    // and flushes are not counted as writes.
    void flushesWaitForTheWritesBeforeThem()
    {
        WriteQueue queue;
        QStringList events;
        const auto write = [&](const QString &name) {
            queue.pushWrite([](StoreWorker &) { return StorageError{}; },
                            [&events, name](const StorageError &error) {
                                events.append(name + (error.isError() ? u" failed"_s : u" done"_s));
                            });
        };
        queue.pushFlush([&] { events.append(u"flush 0"_s); });
        write(u"a"_s);
        write(u"b"_s);
        queue.pushFlush([&] { events.append(u"flush 1"_s); });
        write(u"c"_s);
        QCOMPARE(queue.writeCount(), 3);

        queue.answerFlushesAtHead();
        QCOMPARE(events, QStringList{u"flush 0"_s});
        QVERIFY(queue.head());
        queue.resolveHead({});
        queue.answerFlushesAtHead();
        QCOMPARE(events, (QStringList{u"flush 0"_s, u"a done"_s}));
        queue.resolveHead({});
        queue.answerFlushesAtHead();
        QCOMPARE(events, (QStringList{u"flush 0"_s, u"a done"_s, u"b done"_s, u"flush 1"_s}));
        QCOMPARE(queue.writeCount(), 1);
        QVERIFY(!queue.empty());
    }

    // Failing the queue gives every write the error and answers every flush, in order.
    void failAllEndsEverything()
    {
        WriteQueue queue;
        QStringList events;
        const StorageError away{StorageError::Kind::Unavailable, u"the server is away"_s, {}};
        for (const QString &name : {u"a"_s, u"b"_s}) {
            queue.pushWrite(
                [](StoreWorker &) { return StorageError{}; },
                [&events, name](const StorageError &error) { events.append(name + u' ' + error.message); });
            queue.pushFlush([&events, name] { events.append(u"flush after "_s + name); });
        }
        queue.failAll(away);
        QCOMPARE(events, (QStringList{u"a the server is away"_s, u"flush after a"_s,
                                      u"b the server is away"_s, u"flush after b"_s}));
        QVERIFY(queue.empty());
        QCOMPARE(queue.writeCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWriteQueue)
#include "tst_writequeue.moc"
