// SPDX-License-Identifier: GPL-3.0-or-later
// What the history's state means for the programs sharing it, with the real confab-cli: a
// conversation another program saves shows in a running window's list; a damaged history is
// salvaged and said on stderr until dismissed; a read-only or full disk can still be read.
#include "conversationlistmodel.h"
#include "clirun.h"
#include "conversationstore.h"
#include "damagedhistory.h"
#include "historydatabase.h"
#include "scriptedresponse.h"
#include "scriptedserver.h"
#include "ssebodybuilder.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Runs `script` (sh) in a mount namespace of its own, as root may: the mounts it makes are
// seen by it and the confab-cli it runs only. `arguments` follow as $1….
CliRun inMountNamespace(const QString &script, const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(CliRun::defaultEnvironment());
    process.start(u"unshare"_s,
                  QStringList{u"-m"_s, u"--propagation"_s, u"private"_s, u"sh"_s, u"-c"_s, script, u"sh"_s} +
                      arguments);
    CliRun run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitCode();
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

bool canMount()
{
    if (QStandardPaths::findExecutable(u"unshare"_s).isEmpty())
        return false;
    return inMountNamespace(u"mount -t tmpfs tmpfs /mnt"_s, {}).exitCode == 0;
}

QJsonArray jsonArray(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).array();
}

} // namespace

class TestCliStorageState : public QObject
{
    Q_OBJECT

private:
    ScriptedServer m_server;

    QStringList ask(const QString &prompt) const
    {
        return {u"ask"_s,     u"--base-url"_s, m_server.baseUrl().toString(),
                u"--model"_s, u"gpt-test"_s,   prompt};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    // A window's list (the store and its model) on a SQLite file shows what confab-cli adds
    // to the same file while it runs, as PostgreSQL's notifications make it do there.
    void anotherProgramsConversationsAppear()
    {
        const HistoryDatabase db(u"sqlite"_s);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        ConversationStore store(db.config());
        ConversationListModel model(&store);
        QAbstractItemModelTester tester(&model);
        QTRY_VERIFY_WITH_TIMEOUT(store.status() == ConversationStore::Status::Ready && !model.loading(),
                                 30000);
        QCOMPARE(model.count(), 0);

        m_server.enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Blue."_s}).bytes()));
        const CliRun first = db.run(ask(u"What colour is the sky?"_s));
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 1, 30000);
        QCOMPARE(model.data(model.index(0), ConversationListModel::IdRole).toString(),
                 HistoryDatabase::conversationId(first.err));

        m_server.enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Green."_s}).bytes()));
        const CliRun second = db.run(ask(u"And the grass?"_s));
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 2, 30000);
        QCOMPARE(model.data(model.index(0), ConversationListModel::IdRole).toString(),
                 HistoryDatabase::conversationId(second.err));

        // And one deleted by it goes.
        const CliRun removed = db.run({u"rm"_s, HistoryDatabase::conversationId(first.err)});
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 1, 30000);
    }

    // A really damaged history: what could be read is listed, and stderr says so, naming both
    // files, at every run until `storage dismiss-recovery`.
    void damagedHistoryIsSaidUntilDismissed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        const DamagedHistory history(path, 10, 4, 2);
        QVERIFY2(history.error().isEmpty(), qPrintable(history.error()));
        const QStringList database{u"--database"_s, path};

        for (int run = 0; run < 2; ++run) {
            const CliRun list = CliRun::exec(QStringList{u"list"_s, u"--json"_s} + database);
            QCOMPARE(list.exitCode, 0);
            QCOMPARE(jsonArray(list.out).size(), 10);
            const QString err = QString::fromUtf8(list.err);
            QVERIFY2(err.contains(u"was damaged"_s), qPrintable(err));
            QVERIFY2(err.contains(QDir::toNativeSeparators(path) + u".corrupt-"_s), qPrintable(err));
            QVERIFY2(err.contains(u"storage dismiss-recovery"_s), qPrintable(err));
        }
        const CliRun dismiss = CliRun::exec(QStringList{u"storage"_s, u"dismiss-recovery"_s} + database);
        QVERIFY2(dismiss.exitCode == 0, dismiss.err.constData());
        const CliRun after = CliRun::exec(QStringList{u"list"_s, u"--json"_s} + database);
        QCOMPARE(after.exitCode, 0);
        QCOMPARE(jsonArray(after.out).size(), 10);
        QVERIFY2(!after.err.contains("damaged"), after.err.constData());
    }

    // A history on a read-only file system, or on a full one, can still be listed and searched.
    // Root (the CI) writes through file modes, so the fault is a real read-only bind mount, or
    // a real full tmpfs, in a mount namespace of confab-cli's own.
    void readOnlyOrFullDiskCanBeRead_data()
    {
        QTest::addColumn<QString>("script");
        // $1: the history file, $2: confab-cli, then its arguments.
        QTest::newRow("read-only") << u"set -e; d=$(dirname \"$1\"); shift; mount --bind \"$d\" \"$d\"; "
                                      "mount -o remount,bind,ro \"$d\"; exec \"$@\""_s;
        // A tmpfs just large enough for a copy of the history, then filled up.
        QTest::newRow("full") << u"set -e; f=\"$1\"; d=$(dirname \"$f\"); shift; s=$(stat -c %s \"$f\"); "
                                 "mount -t tmpfs -o size=$((s + 8192)) tmpfs /mnt; cp \"$f\" /mnt/; "
                                 "head -c 1048576 /dev/zero > /mnt/filler 2>/dev/null || true; "
                                 "mount --bind /mnt \"$d\"; exec \"$@\""_s;
    }
    void readOnlyOrFullDiskCanBeRead()
    {
        QFETCH(QString, script);
        if (!canMount())
            QSKIP("cannot make a mount namespace here (needs root or user namespaces)");
        const HistoryDatabase db(u"sqlite"_s);
        QVERIFY2(db.error().isEmpty(), qPrintable(db.error()));
        m_server.enqueue(ScriptedResponse::eventStream(SseBodyBuilder().reply({u"Zebras."_s}).bytes()));
        const CliRun asked = db.run(ask(u"Which animal is striped?"_s));
        QVERIFY2(asked.exitCode == 0, asked.err.constData());
        const QString file = db.argument();
        const QString cli = QStringLiteral(CONFAB_CLI_PATH);

        const CliRun list =
            inMountNamespace(script, {file, cli, u"list"_s, u"--json"_s, u"--database"_s, db.argument()});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QCOMPARE(jsonArray(list.out).size(), 1);
        QVERIFY2(list.err.contains("read-only"), list.err.constData());

        const CliRun search = inMountNamespace(
            script, {file, cli, u"search"_s, u"zebras"_s, u"--json"_s, u"--database"_s, db.argument()});
        QVERIFY2(search.exitCode == 0, search.err.constData());
        QCOMPARE(jsonArray(search.out).size(), 1);

        // A write says why it cannot be saved, and changes nothing.
        const CliRun rm =
            inMountNamespace(script, {file, cli, u"rm"_s, HistoryDatabase::conversationId(asked.err),
                                      u"--database"_s, db.argument()});
        QVERIFY(rm.exitCode != 0);
        QVERIFY2(rm.err.contains("read-only") || rm.err.contains("full"), rm.err.constData());
        QCOMPARE(db.list().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliStorageState)
#include "tst_clistoragestate.moc"
