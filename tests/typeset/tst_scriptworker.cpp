// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptworker.h"

#include <QObject>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

class TestScriptWorker : public QObject
{
    Q_OBJECT

private:
    static QString script() { return QStringLiteral(CONFAB_TYPESET_TEST_DIR "/scriptworker-test.js"); }

    static ScriptWorker::Result callAndWait(ScriptWorker &worker, const QString &function, const QVariantList &arguments)
    {
        std::optional<ScriptWorker::Result> answer;
        QObject context;
        worker.call(function, arguments, &context, [&answer](const ScriptWorker::Result &result) { answer = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30000); }();
        return answer.value_or(ScriptWorker::Result{{}, u"no answer"_s});
    }

private Q_SLOTS:
    void callsAFunctionOnItsOwnThread()
    {
        ScriptWorker worker(script());
        const auto result = callAndWait(worker, u"add"_s, {2, 40});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value.toInt(), 42);
    }

    void passesStructuredValuesBothWays()
    {
        ScriptWorker worker(script());
        const QVariantMap argument{{u"b"_s, 1}, {u"a"_s, u"x"_s}};
        const auto result = callAndWait(worker, u"describe"_s, {argument});
        QVERIFY2(result.ok(), qPrintable(result.error));
        const QVariantMap map = result.value.toMap();
        QCOMPARE(map.value(u"type"_s).toString(), u"object"_s);
        QCOMPARE(map.value(u"keys"_s).toStringList(), (QStringList{u"a"_s, u"b"_s}));
        QCOMPARE(map.value(u"frozen"_s).toBool(), true); // the prelude's Object.isFrozen(null)
    }

    void aThrownErrorIsTheResultsError()
    {
        ScriptWorker worker(script());
        const auto result = callAndWait(worker, u"fail"_s, {u"broken formula"_s});
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(u"broken formula"_s), qPrintable(result.error));
    }

    void aMissingFunctionIsNamed()
    {
        ScriptWorker worker(script());
        const auto result = callAndWait(worker, u"nowhere"_s, {});
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(u"nowhere"_s), qPrintable(result.error));
    }

    void aMissingBundleIsAnErrorOfEveryCall()
    {
        ScriptWorker worker(u"/nonexistent/bundle.js"_s);
        const auto first = callAndWait(worker, u"add"_s, {1, 2});
        QVERIFY(!first.ok());
        QVERIFY2(first.error.contains(u"could not be read"_s), qPrintable(first.error));
        QCOMPARE(callAndWait(worker, u"add"_s, {1, 2}).error, first.error);
    }

    void callsRunInOrderInOneEngine()
    {
        ScriptWorker worker(script());
        QList<int> answers;
        QObject context;
        for (int i = 0; i < 20; ++i)
            worker.call(u"count"_s, {}, &context, [&answers](const ScriptWorker::Result &r) { answers.append(r.value.toInt()); });
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 20, 30000);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(answers.at(i), i + 1);
        QCOMPARE(worker.pendingCalls(), 0);
    }

    void noAnswerReachesAContextThatIsGone()
    {
        ScriptWorker worker(script());
        bool answered = false;
        auto context = std::make_unique<QObject>();
        worker.call(u"add"_s, {1, 1}, context.get(), [&answered](const ScriptWorker::Result &) { answered = true; });
        context.reset();
        // A later call's answer proves the earlier one had its turn.
        const auto later = callAndWait(worker, u"add"_s, {1, 2});
        QCOMPARE(later.value.toInt(), 3);
        QVERIFY(!answered);
    }

    void theConsoleSaysNothing()
    {
        ScriptWorker worker(script());
        const auto result = callAndWait(worker, u"noisy"_s, {});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value.toString(), u"quiet"_s);
    }

    void destroyingItInterruptsARunningScript()
    {
        auto worker = std::make_unique<ScriptWorker>(script());
        QObject context;
        worker->call(u"spin"_s, {}, &context, [](const ScriptWorker::Result &) {});
        worker->call(u"add"_s, {1, 1}, &context, [](const ScriptWorker::Result &) {});
        // Whether the endless loop has started or is still queued, the worker must end; reaching
        // the next line is the test.
        worker.reset();
        QVERIFY(!worker);
    }
};

QTEST_GUILESS_MAIN(TestScriptWorker)
#include "tst_scriptworker.moc"
