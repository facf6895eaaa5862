// SPDX-License-Identifier: GPL-3.0-or-later
// Crash recovery end to end: confab-cli ask is killed (SIGKILL) while a reply streams in; the
// next confab-cli that opens the history marks the reply interrupted and keeps its text.
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
#include <QTest>

using namespace std::chrono_literals;

class TestCliRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedMidReplyIsRecoveredAsInterrupted_data() { TestDatabases::addBackendRows(); }
    void killedMidReplyIsRecoveredAsInterrupted()
    {
        QFETCH(QString, backend);
        const HistoryDatabase db(backend);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        ScriptedServer server;
        QVERIFY(server.listen());

        // A few chunks, then nothing: the reply is half-way when the process dies.
        SseBodyBuilder first;
        first.role().content(QStringLiteral("The first ")).content(QStringLiteral("words"));
        SseBodyBuilder second;
        second.content(QStringLiteral(", then ")).content(QStringLiteral("some more"));
        const QString partial = QStringLiteral("The first words, then some more");
        server.enqueue(ScriptedResponse(200)
                           .setHeader("content-type", "text/event-stream")
                           .setFraming(ScriptedResponse::Framing::Chunked)
                           .write(first.bytes())
                           .delay(100ms)
                           .write(second.bytes())
                           .stall());

        QString id;
        QJsonObject during;
        const QStringList arguments{QStringLiteral("ask"),
                                    QStringLiteral("--base-url"),
                                    server.baseUrl().toString(),
                                    QStringLiteral("--model"),
                                    QStringLiteral("gpt-test"),
                                    QStringLiteral("--idle-timeout"),
                                    QStringLiteral("600"),
                                    QStringLiteral("--database"),
                                    db.argument(),
                                    QStringLiteral("Tell me a long story")};
        const CliRun run = CliRun::exec(arguments, {}, CliRun::defaultEnvironment(), [&](QProcess &process) {
            QByteArray err;
            const auto idPrinted = [&] {
                err += process.readAllStandardError();
                id = HistoryDatabase::conversationId(err);
                return !id.isEmpty();
            };
            QTRY_VERIFY_WITH_TIMEOUT(idPrinted(), 20000);
            // What another reader sees while the reply streams: the text so far, `streaming`
            // (the reads below also run recovery, which must leave a live writer alone).
            const auto partlySaved = [&] {
                during = db.show(id);
                const QJsonObject reply = during.value(u"messages").toArray().at(1).toObject();
                return reply.value(u"status").toString() == u"streaming" &&
                       reply.value(u"content").toString() == partial;
            };
            QTRY_VERIFY_WITH_TIMEOUT(partlySaved(), 20000);
            QVERIFY(process.state() == QProcess::Running);
            process.kill(); // SIGKILL: no chance to write anything more
        });
        QVERIFY(!id.isEmpty());
        QVERIFY2(run.crashed, "confab-cli was not killed");
        QCOMPARE(run.out, QByteArray(partial.toUtf8()));

        // The next confab-cli to open the history finds the orphan and marks it interrupted.
        const QJsonObject after = db.show(id);
        const QJsonArray messages = after.value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(u"content").toString(),
                 QStringLiteral("Tell me a long story"));
        QCOMPARE(messages.at(0).toObject().value(u"status").toString(), QStringLiteral("complete"));
        const QJsonObject reply = messages.at(1).toObject();
        QCOMPARE(reply.value(u"status").toString(), QStringLiteral("interrupted"));
        QCOMPARE(reply.value(u"content").toString(), partial);
        QCOMPARE(reply.value(u"role").toString(), QStringLiteral("assistant"));

        // And it can be continued: the partial reply is context for the next question.
        server.enqueue(
            ScriptedResponse::eventStream(SseBodyBuilder().reply({QStringLiteral("The end.")}).bytes()));
        const CliRun next =
            db.run({QStringLiteral("ask"), QStringLiteral("--base-url"), server.baseUrl().toString(),
                    QStringLiteral("--conversation"), id, QStringLiteral("Go on")});
        QCOMPARE(next.exitCode, 0);
        const QJsonArray sent = server.lastRequest().json().value(u"messages").toArray();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(1).toObject().value(u"content").toString(), partial);
        QCOMPARE(db.show(id).value(u"messages").toArray().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestCliRecovery)
#include "tst_clirecovery.moc"
