// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli debug sse, run as a process: the events the WHATWG rules give, as JSON lines,
// whatever the chunking, from a file and from standard input.
#include "clirun.h"

#include <QTemporaryDir>
#include <QTest>

class TestCliSseDebug : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void events_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("one event") << QByteArray("data: hello\n\n")
                                   << QByteArray("{\"event\":\"message\",\"data\":\"hello\",\"id\":\"\"}"
                                                 "\n");
        QTest::newRow("type, id, two data lines")
            << QByteArray("event: delta\nid: 7\ndata: a\ndata:  b\n\ndata: c\n\n")
            << QByteArray("{\"event\":\"delta\",\"data\":\"a\\n b\",\"id\":\"7\"}"
                          "\n"
                          "{\"event\":\"message\",\"data\":\"c\",\"id\":\"7\"}"
                          "\n");
        QTest::newRow("BOM, CRLF and CR, comments")
            << QByteArray("\xEF\xBB\xBF: hi\r\ndata: one\r\n\r\ndata: two\r\rdata:three\n\n")
            << QByteArray("{\"event\":\"message\",\"data\":\"one\",\"id\":\"\"}"
                          "\n"
                          "{\"event\":\"message\",\"data\":\"two\",\"id\":\"\"}"
                          "\n"
                          "{\"event\":\"message\",\"data\":\"three\",\"id\":\"\"}"
                          "\n");
        QTest::newRow("retry last, invalid retry ignored")
            << QByteArray("retry: 3000\ndata: x\n\nretry: 12x\n\n")
            << QByteArray("{\"event\":\"message\",\"data\":\"x\",\"id\":\"\"}"
                          "\n"
                          "{\"retry\":3000}"
                          "\n");
        QTest::newRow("JSON escapes") << QByteArray("data: {\"q\": \"a\\\\b\"}\tend\x01\n\n")
                                      << QByteArray("{\"event\":\"message\",\"data\":\"{\\\"q\\\": "
                                                    "\\\"a\\\\\\\\b\\\"}\\tend\\u0001\",\"id\":\"\"}"
                                                    "\n");
        QTest::newRow("invalid UTF-8 becomes U+FFFD")
            << QByteArray("data: a\xFF"
                          "b\xE2\x82\n\n")
            << QByteArray("{\"event\":\"message\",\"data\":\"a\xEF\xBF\xBD"
                          "b\xEF\xBF\xBD\",\"id\":\"\"}\n");
        QTest::newRow("no data, no event; unterminated last block dropped")
            << QByteArray("id: 1\n\nevent: x\n\ndata: kept\n\ndata: lost")
            << QByteArray("{\"event\":\"message\",\"data\":\"kept\",\"id\":\"1\"}"
                          "\n");
        QTest::newRow("empty data is an event")
            << QByteArray("data\n\ndata:\n\n")
            << QByteArray("{\"event\":\"message\",\"data\":\"\",\"id\":\"\"}"
                          "\n"
                          "{\"event\":\"message\",\"data\":\"\",\"id\":\"\"}"
                          "\n");
    }

    void events()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QByteArray, expected);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("stream.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(stream);
        file.close();

        for (const QString &size :
             {QString(), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}) {
            QStringList args{QStringLiteral("debug"), QStringLiteral("sse")};
            if (!size.isEmpty())
                args << QStringLiteral("--chunk-size") << size;
            const CliRun fromFile = CliRun::exec(args + QStringList{path});
            QCOMPARE(fromFile.exitCode, 0);
            QCOMPARE(fromFile.out, expected);
            const CliRun fromStdin = CliRun::exec(args, stream);
            QCOMPARE(fromStdin.exitCode, 0);
            QCOMPARE(fromStdin.out, expected);
        }
    }

    void badArguments()
    {
        const CliRun zero = CliRun::exec({QStringLiteral("debug"), QStringLiteral("sse"),
                                          QStringLiteral("--chunk-size"), QStringLiteral("0")});
        QCOMPARE(zero.exitCode, 2);
        QVERIFY(zero.errLine().contains(u"--chunk-size"));
        const CliRun missing = CliRun::exec(
            {QStringLiteral("debug"), QStringLiteral("sse"), QStringLiteral("/nonexistent/stream.txt")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.errLine().contains(u"cannot read /nonexistent/stream.txt"));
    }
};

QTEST_GUILESS_MAIN(TestCliSseDebug)
#include "tst_clissedebug.moc"
