// SPDX-License-Identifier: GPL-3.0-or-later
// CodeHighlighter's cache, shared calls and failures, with the real bundle in its real worker.
#include "tst_codehighlighter.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

namespace {

// What the typeset category logs while a test runs (the handler may be called on any thread).
QMutex logMutex;
QStringList logged;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QByteArrayView(context.category) == "confab.typeset") {
        QMutexLocker lock(&logMutex);
        logged.append(message);
    }
    previousHandler(type, context, message);
}

QString pythonCode(int n)
{
    return u"def f%1(x):\n    return x * %1  # times %1\n"_s.arg(n);
}

} // namespace

void TestCodeHighlighter::initTestCase()
{
    m_highlighter = std::make_unique<CodeHighlighter>();
    m_highlighter->warmUp();
}

void TestCodeHighlighter::anUnknownLanguageIsPlain()
{
    const QString code = u"x = 1 + 2\n"_s;
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, u"no-such-language"_s, code);
    QVERIFY(!highlight.failed);
    QVERIFY(highlight.language.isEmpty());
    QVERIFY(highlight.runs.isEmpty());
    QCOMPARE(highlight.length, code.size());
}

void TestCodeHighlighter::answersComeFromTheCacheTheSecondTime()
{
    const QString code = pythonCode(1);
    QVERIFY(!m_highlighter->cached(u"python"_s, code));
    const int calls = m_highlighter->scriptCalls();
    const CodeHighlight first = highlightAndWait(*m_highlighter, u"python"_s, code);
    QCOMPARE(m_highlighter->scriptCalls(), calls + 1);
    const std::optional<CodeHighlight> cached = m_highlighter->cached(u"python"_s, code);
    QVERIFY(cached);
    QCOMPARE(cached->runs, first.runs);
    const CodeHighlight second = highlightAndWait(*m_highlighter, u"python"_s, code);
    QCOMPARE(m_highlighter->scriptCalls(), calls + 1);
    QCOMPARE(second.runs, first.runs);
    QCOMPARE(second.scopes, first.scopes);
    // Another language is another entry.
    QVERIFY(!m_highlighter->cached(u"ruby"_s, code));
}

void TestCodeHighlighter::codeStillStreamingIsNotRemembered()
{
    const QString code = pythonCode(2);
    const CodeHighlight partial =
        highlightAndWait(*m_highlighter, u"py"_s, code, CodeHighlighter::Keep::Forget);
    QVERIFY(!partial.runs.isEmpty());
    QVERIFY(!m_highlighter->cached(u"py"_s, code));
    // Once the fence closes on the same code, the answer is kept without asking again.
    m_highlighter->remember(u"py"_s, code, partial);
    QVERIFY(m_highlighter->cached(u"py"_s, code));
    // A highlight of a shorter prefix is not taken for the whole code.
    m_highlighter->remember(u"py"_s, code + u"more"_s, partial);
    QVERIFY(!m_highlighter->cached(u"py"_s, code + u"more"_s));
}

void TestCodeHighlighter::theCacheDropsTheLeastRecentlyUsed()
{
    // Room for three entries of this size: each counts its code, its runs and its scopes.
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, u"python"_s, pythonCode(10));
    CodeHighlightCache probe(1 << 20);
    probe.insert(u"python"_s, pythonCode(10), highlight);
    const qsizetype entry = probe.bytes();
    QVERIFY(entry > pythonCode(10).size() * 2);

    CodeHighlightCache cache(entry * 3);
    for (int n = 10; n < 13; ++n)
        cache.insert(u"python"_s, pythonCode(n), highlight);
    QCOMPARE(cache.count(), 3);
    QVERIFY(cache.find(u"python"_s, pythonCode(10))); // now the most recently used
    cache.insert(u"python"_s, pythonCode(13), highlight);
    QCOMPARE(cache.count(), 3);
    QCOMPARE(cache.bytes(), entry * 3);
    QVERIFY(cache.find(u"python"_s, pythonCode(10)));
    QVERIFY(!cache.find(u"python"_s, pythonCode(11))); // the least recently used went
    QVERIFY(cache.find(u"python"_s, pythonCode(12)));
    QVERIFY(cache.find(u"python"_s, pythonCode(13)));
    // The same key again replaces its entry; an entry larger than the whole bound is not kept.
    cache.insert(u"python"_s, pythonCode(13), highlight);
    QCOMPARE(cache.count(), 3);
    CodeHighlightCache small(entry - 1);
    small.insert(u"python"_s, pythonCode(10), highlight);
    QCOMPARE(small.count(), 0);
    QCOMPARE(small.bytes(), 0);

    // The highlighter's own cache keeps to its bound.
    CodeHighlighter bounded(u":/confab/js/highlight.js"_s, entry * 2);
    for (int n = 20; n < 25; ++n)
        highlightAndWait(bounded, u"python"_s, pythonCode(n));
    QVERIFY(bounded.cache().bytes() <= entry * 2);
    QVERIFY(bounded.cached(u"python"_s, pythonCode(24)));
    QVERIFY(!bounded.cached(u"python"_s, pythonCode(20)));
}

void TestCodeHighlighter::identicalCallsShareOneScriptCall()
{
    const QString code = pythonCode(100);
    const int calls = m_highlighter->scriptCalls();
    QList<CodeHighlight> answers;
    QObject context;
    for (int i = 0; i < 5; ++i)
        m_highlighter->highlight(u"python"_s, code, CodeHighlighter::Keep::Remember, &context,
                                 [&answers](const CodeHighlight &h) { answers.append(h); });
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 5, timeout);
    QCOMPARE(m_highlighter->scriptCalls(), calls + 1);
    for (const CodeHighlight &answer : std::as_const(answers))
        QCOMPARE(answer.runs, answers.constFirst().runs);
}

void TestCodeHighlighter::aFailingScriptLeavesTheCodePlainAndLogsNoCode()
{
    CodeHighlighter broken(QStringLiteral(CONFAB_TYPESET_TEST_DIR "/highlight-failing.js"), 1 << 20);
    const QString code = u"secret_function_name = 42\n"_s;
    {
        QMutexLocker lock(&logMutex);
        logged.clear();
    }
    // The category says only warnings by default; a failure to highlight is said at info.
    QLoggingCategory::setFilterRules(u"confab.typeset.info=true"_s);
    previousHandler = qInstallMessageHandler(recordMessage);
    const CodeHighlight highlight = highlightAndWait(broken, u"python"_s, code);
    qInstallMessageHandler(previousHandler);
    QLoggingCategory::setFilterRules({});
    QVERIFY(highlight.failed);
    QVERIFY(highlight.runs.isEmpty());
    QCOMPARE(highlight.length, code.size());
    QVERIFY(!broken.cached(u"python"_s, code)); // a failure is not kept: it may not happen again
    QMutexLocker lock(&logMutex);
    const QString log = logged.join(u'\n');
    QVERIFY2(log.contains(u"the grammar broke"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"secret_function_name"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"python"_s), qPrintable(log));
}

void TestCodeHighlighter::aMissingBundleLeavesTheCodePlain()
{
    CodeHighlighter missing(u"/nonexistent/highlight.js"_s, 1 << 20);
    const CodeHighlight highlight = highlightAndWait(missing, u"python"_s, pythonCode(3));
    QVERIFY(highlight.failed);
    QVERIFY(highlight.runs.isEmpty());
    std::optional<QList<QStringList>> languages;
    QObject context;
    missing.listLanguages(&context, [&languages](const QList<QStringList> &list) { languages = list; });
    QTRY_VERIFY_WITH_TIMEOUT(languages.has_value(), timeout);
    QVERIFY(languages->isEmpty());
}

void TestCodeHighlighter::codeTooLongIsPlainWithoutAScriptCall()
{
    const QString code =
        pythonCode(4).repeated(CodeHighlighter::maximumCodeLength / pythonCode(4).size() + 1);
    QVERIFY(code.size() > CodeHighlighter::maximumCodeLength);
    const int calls = m_highlighter->scriptCalls();
    const CodeHighlight highlight = highlightAndWait(*m_highlighter, u"python"_s, code);
    QCOMPARE(m_highlighter->scriptCalls(), calls);
    QVERIFY(highlight.runs.isEmpty());
    QVERIFY(!highlight.failed);
    QCOMPARE(highlight.length, code.size());
}

void TestCodeHighlighter::noAnswerReachesAContextThatIsGone()
{
    bool answered = false;
    auto context = std::make_unique<QObject>();
    m_highlighter->highlight(u"python"_s, pythonCode(5), CodeHighlighter::Keep::Remember, context.get(),
                             [&answered](const CodeHighlight &) { answered = true; });
    context.reset();
    // The same code asked for again is answered once the first call is: the first had its turn.
    highlightAndWait(*m_highlighter, u"python"_s, pythonCode(5));
    QVERIFY(!answered);
}

QTEST_GUILESS_MAIN(TestCodeHighlighter)
