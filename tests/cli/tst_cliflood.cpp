// SPDX-License-Identifier: GPL-3.0-or-later
// confab-cli ask against a hostile server that sends as fast as the socket takes it and never
// stops: the reply reaches stdout as it arrives, Ctrl+C and SIGTERM still end the run at once
// with the partial reply saved, and a reply past the size limit ends with an error that keeps
// the text up to it.
#include "clirun.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

// Many small deltas, repeated by the server for as long as the client reads.
ScriptedResponse flooding(const QString &delta, int deltasPerWrite)
{
    SseBodyBuilder unit;
    for (int i = 0; i < deltasPerWrite; ++i)
        unit.content(delta);
    return ScriptedResponse(200)
        .setHeader("content-type", "text/event-stream")
        .setFraming(ScriptedResponse::Framing::Chunked)
        .write(SseBodyBuilder().role().bytes())
        .flood(unit.bytes());
}

} // namespace

class TestCliFlood : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    std::unique_ptr<HistoryDatabase> m_db;

    QStringList ask() const
    {
        return {QStringLiteral("ask"),     QStringLiteral("--base-url"),   m_server->baseUrl().toString(),
                QStringLiteral("--model"), QStringLiteral("gpt-test"),     QStringLiteral("--database"),
                m_db->argument(),          QStringLiteral("Say w forever")};
    }

    QJsonObject savedReply(const QByteArray &err) const
    {
        const QString id = HistoryDatabase::conversationId(err);
        if (id.isEmpty())
            qWarning("no conversation id in: %s", err.constData());
        const QJsonArray messages = m_db->show(id).value(u"messages").toArray();
        if (messages.size() != 2)
            qWarning("%lld messages saved", qlonglong(messages.size()));
        return messages.at(1).toObject();
    }

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        QFETCH(QString, backend);
        m_db = std::make_unique<HistoryDatabase>(backend);
        QVERIFY2(m_db->error().isEmpty(), qPrintable(m_db->error()));
    }

    void cleanup()
    {
        m_db.reset();
        delete m_server;
        m_server = nullptr;
    }

    void floodIsShownAndStoppable_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("signal");
        for (const QString &backend : TestDatabases::backends()) {
#ifdef Q_OS_UNIX
            QTest::addRow("%s, SIGINT", qPrintable(backend)) << backend << QStringLiteral("SIGINT");
#endif
            QTest::addRow("%s, SIGTERM", qPrintable(backend)) << backend << QStringLiteral("SIGTERM");
        }
    }
    void floodIsShownAndStoppable()
    {
        QFETCH(QString, signal);
        m_server->enqueue(flooding(QStringLiteral("word "), 1000));
        qint64 stopTook = -1;
        const CliRun run = CliRun::exec(ask(), {}, CliRun::defaultEnvironment(), [&](QProcess &process) {
            // The reply keeps showing while the server keeps sending (it never stops): a quarter
            // of a megabyte is some 50,000 deltas, each saved and printed as it came. A starved
            // reader prints the first few kilobytes and then nothing until the stream ends, which
            // here is never; the limit is only for a machine loaded by other builds.
            QTRY_VERIFY_WITH_TIMEOUT(process.bytesAvailable() >= 256 * 1024, 240000);
            QSignalSpy finished(&process, &QProcess::finished);
            QElapsedTimer clock;
            clock.start();
#ifdef Q_OS_UNIX
            if (signal == u"SIGINT")
                ::kill(pid_t(process.processId()), SIGINT);
            else
#endif
                process.terminate();
            // "Within a second" is the promise; the bound here is loose for a loaded machine.
            QVERIFY2(finished.wait(60000), "confab-cli went on after the signal");
            stopTook = clock.elapsed();
        });
        QCOMPARE(run.exitCode, 130);
        QVERIFY(!run.crashed);
        QVERIFY(!run.out.isEmpty());
        QVERIFY2(run.err.contains("cancelled"), run.err.constData());

        // What was printed is what was saved, as a reply the user stopped.
        const QJsonObject reply = savedReply(run.err);
        QCOMPARE(reply.value(u"status").toString(), QStringLiteral("stopped"));
        QCOMPARE(reply.value(u"content").toString().toUtf8(), run.out);
        qInfo("stopped %lld ms after the signal, with %lld bytes of reply", stopTook,
              qlonglong(run.out.size()));
    }

    // A server that never stops is cut off at the size limit (16 MiB of text unless
    // --max-reply-mib says otherwise; 2 here, to spare a loaded machine): an error that says so,
    // with the text up to the limit printed and saved.
    void replyPastTheSizeLimitIsCutOff_data()
    {
        TestDatabases::addBackendRows();
    }
    void replyPastTheSizeLimitIsCutOff()
    {
        constexpr qsizetype limit = 2 * 1024 * 1024;
        // 3 bytes of UTF-8 per character, so that the cut falls inside a delta.
        const QString delta = QString(1000, QChar(0x20AC));
        m_server->enqueue(flooding(delta, 16));
        QStringList arguments = ask();
        arguments.insert(1, QStringLiteral("--max-reply-mib"));
        arguments.insert(2, QStringLiteral("2"));
        const CliRun run = CliRun::exec(arguments);
        QCOMPARE(run.exitCode, 11);
        QCOMPARE(run.out.size(), limit - limit % 3);
        QVERIFY(QString::fromUtf8(run.out).count(QChar(0x20AC)) == run.out.size() / 3);
        QVERIFY2(run.err.contains("size limit of 2 MiB"), run.err.constData());

        const QJsonObject reply = savedReply(run.err);
        QCOMPARE(reply.value(u"status").toString(), QStringLiteral("error"));
        QVERIFY2(reply.value(u"error_text").toString().contains(u"size limit of 2 MiB"),
                 qPrintable(reply.value(u"error_text").toString()));
        QCOMPARE(reply.value(u"content").toString().toUtf8(), run.out);
    }
};

QTEST_GUILESS_MAIN(TestCliFlood)
#include "tst_cliflood.moc"
