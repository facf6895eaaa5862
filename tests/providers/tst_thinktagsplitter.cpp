// SPDX-License-Identifier: GPL-3.0-or-later
// ThinkTagSplitter alone: <think>…</think> at the start of a content, split at every position.
#include "thinktagsplitter.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Split
{
    QString reasoning;
    QString content;
};

Split splitInPieces(const QStringList &pieces)
{
    ThinkTagSplitter splitter;
    Split out;
    for (const QString &piece : pieces)
        splitter.feed(piece, out.reasoning, out.content);
    splitter.finish(out.reasoning, out.content);
    return out;
}

} // namespace

class TestThinkTagSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySplit_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("content");

        QTest::newRow("both tags") << u"<think>\nLet me see: 2 < 3.\n</think>\n\nThe answer is 3."_s
                                   << u"Let me see: 2 < 3."_s << u"The answer is 3."_s;
        QTest::newRow("leading whitespace") << u" \n\t<think>a</think>b"_s << u"a"_s << u"b"_s;
        QTest::newRow("no tags") << u"Just an answer, 1 < 2."_s << QString() << u"Just an answer, 1 < 2."_s;
        QTest::newRow("whitespace, no tags") << u"\n\nHello"_s << QString() << u"\n\nHello"_s;
        QTest::newRow("text before <think>")
            << u"x<think>y</think>z"_s << QString() << u"x<think>y</think>z"_s;
        QTest::newRow("a later <think> is answer")
            << u"<think>a</think>  b <think>c</think>"_s << u"a"_s << u"b <think>c</think>"_s;
        QTest::newRow("empty thinking") << u"<think>\n\n</think>\n\nAnswer"_s << QString() << u"Answer"_s;
        QTest::newRow("blank lines inside")
            << u"<think>one\n\ntwo\n</think>"_s << u"one\n\ntwo"_s << QString();
        QTest::newRow("ends inside thinking")
            << u"<think>Still thinking </th"_s << u"Still thinking </th"_s << QString();
        QTest::newRow("only a piece of the tag") << u"<th"_s << QString() << u"<th"_s;
        QTest::newRow("another tag") << u"<thinking>x</thinking>"_s << QString()
                                     << u"<thinking>x</thinking>"_s;
        QTest::newRow("only whitespace") << u" \n"_s << QString() << u" \n"_s;
        QTest::newRow("not a close tag") << u"<think>a </b> <</think>c"_s << u"a </b> <"_s << u"c"_s;
    }

    // Whole, then split at every position, then at every pair of positions: a tag split across
    // three deltas too.
    void everySplit()
    {
        QFETCH(QString, input);
        QFETCH(QString, reasoning);
        QFETCH(QString, content);

        const auto check = [&](const QStringList &pieces) {
            const Split out = splitInPieces(pieces);
            QVERIFY2(out.reasoning == reasoning && out.content == content,
                     qPrintable(u"pieces [%1]: reasoning \"%2\", content \"%3\""_s.arg(
                         pieces.join(u'|'), out.reasoning, out.content)));
        };
        check({input});
        for (qsizetype i = 0; i <= input.size(); ++i) {
            check({input.first(i), input.sliced(i)});
            for (qsizetype j = i; j <= input.size(); ++j)
                check({input.first(i), input.sliced(i, j - i), input.sliced(j)});
        }
        QStringList characters;
        for (const QChar c : input)
            characters.append(QString(c));
        check(characters);
    }

    // Thinking is passed on as it comes; only what could be the start of </think> (and the
    // whitespace before it) waits.
    void holdsBackOnlyWhatCouldBeATag()
    {
        ThinkTagSplitter splitter;
        QString reasoning;
        QString content;
        splitter.feed(u"  <thi", reasoning, content);
        QVERIFY(reasoning.isEmpty() && content.isEmpty());
        splitter.feed(u"nk>\nabc <", reasoning, content);
        QCOMPARE(reasoning, u"abc"_s);
        splitter.feed(u"b", reasoning, content);
        QCOMPARE(reasoning, u"abc <b"_s);
        splitter.feed(u"\n</", reasoning, content);
        QCOMPARE(reasoning, u"abc <b"_s);
        splitter.feed(u"think>\n", reasoning, content);
        QVERIFY(content.isEmpty());
        QVERIFY(!splitter.passesThrough());
        splitter.feed(u"\nYes", reasoning, content);
        QCOMPARE(content, u"Yes"_s);
        QVERIFY(splitter.passesThrough());
        QCOMPARE(reasoning, u"abc <b"_s);
    }

    void resetForgetsTheReply()
    {
        ThinkTagSplitter splitter;
        QString reasoning;
        QString content;
        splitter.feed(u"<think>half", reasoning, content);
        splitter.reset();
        reasoning.clear();
        splitter.feed(u"Plain", reasoning, content);
        splitter.finish(reasoning, content);
        QVERIFY(reasoning.isEmpty());
        QCOMPARE(content, u"Plain"_s);

        splitter.reset();
        content.clear();
        splitter.feed(u"<think>again</think>ok", reasoning, content);
        QCOMPARE(reasoning, u"again"_s);
        QCOMPARE(content, u"ok"_s);
    }
};

QTEST_APPLESS_MAIN(TestThinkTagSplitter)
#include "tst_thinktagsplitter.moc"
