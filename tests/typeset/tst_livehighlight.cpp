// SPDX-License-Identifier: GPL-3.0-or-later
// LiveHighlight with the real highlighter: a block highlighted as a reply streams into it, without
// a highlighting per token, and what it shows when its code is edited or made again.
#include "codehighlighter.h"
#include "livehighlight.h"

#include <QObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 60000;

// A few hundred lines of Python, as a model writes them.
QString longCode()
{
    QString code;
    for (int i = 0; i < 120; ++i)
        code +=
            u"def step_%1(values):\n    \"\"\"Step %1.\"\"\"\n    return [v * %1 for v in values if v > 0]  # %1\n\n"_s
                .arg(i);
    return code;
}

// The code cut in tokens of a few characters, as a stream delivers it.
QStringList tokens(const QString &code)
{
    QStringList list;
    for (qsizetype at = 0; at < code.size(); at += 4)
        list.append(code.mid(at, 4));
    return list;
}

} // namespace

class TestLiveHighlight : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_highlighter = std::make_unique<CodeHighlighter>();
        // highlight.js is loaded and Python compiled before the stream starts, as in the app.
        std::optional<CodeHighlight> first;
        QObject context;
        m_highlighter->highlight(u"python"_s, u"x = 1\n"_s, CodeHighlighter::Keep::Forget, &context,
                                 [&first](const CodeHighlight &h) { first = h; });
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), timeout);
    }

    void aGrowingBlockIsHighlightedAsItGrowsNotAtEveryToken()
    {
        const QString code = longCode();
        const QStringList pieces = tokens(code);
        LiveHighlight live(m_highlighter.get());
        QString streamed;
        QList<qsizetype> shown; // the length covered at each change
        bool coversAPrefix = true;
        connect(&live, &LiveHighlight::changed, this, [&] {
            shown.append(live.current().length);
            coversAPrefix = coversAPrefix && live.current().length <= streamed.size();
        });
        const auto partlyShown = [&] {
            return std::any_of(shown.cbegin(), shown.cend(),
                               [&](qsizetype n) { return n > 0 && n < code.size(); });
        };
        // As MessageModel passes a reply on: once a frame (16 ms), the tokens that came meanwhile
        // (6 at 400 tokens a second). The last quarter waits until a highlight of a part has been
        // shown, so the test does not depend on how fast this machine is.
        constexpr int tokensPerFrame = 6;
        int next = 0;
        int updates = 0;
        QTimer frame;
        frame.setInterval(16);
        connect(&frame, &QTimer::timeout, this, [&] {
            if (next >= pieces.size() || (next >= pieces.size() * 3 / 4 && !partlyShown()))
                return;
            for (int i = 0; i < tokensPerFrame && next < pieces.size(); ++i)
                streamed += pieces.at(next++);
            ++updates;
            live.setCode(u"python"_s, streamed, false);
        });
        frame.start();
        QTRY_VERIFY_WITH_TIMEOUT(next == pieces.size(), timeout);
        frame.stop();
        live.setCode(u"python"_s, streamed, true); // the closing fence
        QTRY_COMPARE_WITH_TIMEOUT(live.current().length, code.size(), timeout);

        QVERIFY(coversAPrefix);
        QVERIFY(partlyShown());
        // One call at a time, at least 100 ms apart: a few of the updates, not each one.
        const QString counts = u"%1 highlights for %2 updates"_s.arg(live.requests()).arg(updates);
        qInfo().noquote() << counts;
        QVERIFY2(live.requests() * 3 <= updates, qPrintable(counts));
        QVERIFY(live.requests() >= 2);
        // The last answer is the whole code's, and it is kept now the block is closed.
        const std::optional<CodeHighlight> kept = m_highlighter->cached(u"python"_s, code);
        QVERIFY(kept);
        QCOMPARE(live.current().runs, kept->runs);
        QCOMPARE(live.current().scopes, kept->scopes);
        QVERIFY(live.current().runs.size() > 500);
    }

    void aBlockMadeAgainIsColouredAtOnceFromTheCache()
    {
        const QString code = u"fn main() {\n    println!(\"again\");\n}\n"_s;
        {
            LiveHighlight first(m_highlighter.get());
            first.setCode(u"rust"_s, code, true);
            QTRY_COMPARE_WITH_TIMEOUT(first.current().length, code.size(), timeout);
        }
        const int calls = m_highlighter->scriptCalls();
        LiveHighlight again(m_highlighter.get());
        again.setCode(u"rust"_s, code, true);
        QCOMPARE(again.current().length, code.size()); // no plain frame first
        QVERIFY(!again.current().runs.isEmpty());
        QCOMPARE(m_highlighter->scriptCalls(), calls);
    }

    void anEditDropsTheOldColoursUntilTheNewOnesCome()
    {
        LiveHighlight live(m_highlighter.get());
        const QString before = u"let total = 0;\n"_s;
        live.setCode(u"js"_s, before, true);
        QTRY_COMPARE_WITH_TIMEOUT(live.current().length, before.size(), timeout);
        QVERIFY(!live.current().runs.isEmpty());
        // Not the old code grown: its runs would fall on the wrong characters.
        const QString after = u"var x = \"changed\";\n"_s;
        live.setCode(u"js"_s, after, true);
        QCOMPARE(live.current().length, 0);
        QVERIFY(live.current().runs.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(live.current().length, after.size(), timeout);
        QCOMPARE(live.current().language, u"javascript"_s);
    }

    void anotherLanguageHighlightsTheSameCodeAgain()
    {
        LiveHighlight live(m_highlighter.get());
        const QString code = u"# heading\nplain\n"_s;
        live.setCode(u"markdown"_s, code, true);
        QTRY_COMPARE_WITH_TIMEOUT(live.current().language, u"markdown"_s, timeout);
        live.setCode(u"bash"_s, code, true);
        QTRY_COMPARE_WITH_TIMEOUT(live.current().language, u"bash"_s, timeout);
        QCOMPARE(live.current().length, code.size());
    }

    void anAnswerForCodeThatChangedMeanwhileIsNotShown()
    {
        LiveHighlight live(m_highlighter.get());
        QList<qsizetype> shown;
        connect(&live, &LiveHighlight::changed, this, [&] { shown.append(live.current().length); });
        const QString first = u"SELECT id FROM users;\n"_s;
        const QString second = u"UPDATE users SET name = 'x';\n"_s;
        live.setCode(u"sql"_s, first, true);  // asked for at once
        live.setCode(u"sql"_s, second, true); // while the first is on its way
        QTRY_COMPARE_WITH_TIMEOUT(live.current().length, second.size(), timeout);
        QVERIFY(!shown.contains(first.size()));
    }

private:
    std::unique_ptr<CodeHighlighter> m_highlighter;
};

QTEST_GUILESS_MAIN(TestLiveHighlight)
#include "tst_livehighlight.moc"
