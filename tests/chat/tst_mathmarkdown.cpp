// SPDX-License-Identifier: GPL-3.0-or-later
// Formulas in markdown: which delimiters make one (and which dollars stay prices), kept from
// md4c's escapes, marked in the rendered HTML, and shown as source while a reply streams.
#include "markdownblocks.h"
#include "markdownrenderer.h"
#include "mathmarkup.h"
#include "mathscanner.h"

#include <QGuiApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace {

// The formulas as "I:tex" / "D:tex" (+ "…" when still open).
QStringList formulas(const QString &markdown, bool withOpen = false)
{
    QStringList found;
    for (const MathSpan &span : MathScanner::scan(markdown, withOpen)) {
        QString text = (span.display ? u"D:"_s : u"I:"_s) + span.tex;
        if (!span.closed)
            text += u"…"_s;
        found += text;
    }
    return found;
}

QString plain(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

} // namespace

class TestMathMarkdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delimiters_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("dollar") << u"so $a^2 + b^2$ holds"_s << QStringList{u"I:a^2 + b^2"_s};
        QTest::newRow("parens") << u"so \\(a^2\\) holds"_s << QStringList{u"I:a^2"_s};
        QTest::newRow("double dollar") << u"$$\\int_0^1 x\\,dx$$"_s << QStringList{u"D:\\int_0^1 x\\,dx"_s};
        QTest::newRow("brackets") << u"\\[ \\sum_i i \\]"_s << QStringList{u"D: \\sum_i i "_s};
        QTest::newRow("display over lines")
            << u"Then:\n$$\na = b\n$$\nand so"_s << QStringList{u"D:\na = b\n"_s};
        QTest::newRow("two inline") << u"$x$ and $y$"_s << QStringList{u"I:x"_s, u"I:y"_s};
        QTest::newRow("escaped dollar inside") << u"$\\$5 = x$"_s << QStringList{u"I:\\$5 = x"_s};
        QTest::newRow("in a list") << u"- item $x_1$\n- item $x_2$"_s << QStringList{u"I:x_1"_s, u"I:x_2"_s};
        QTest::newRow("in a quote") << u"> $$\n> a\n> $$"_s << QStringList{u"D:\na\n"_s};
        QTest::newRow("after a code span") << u"`$x$` but $y$"_s << QStringList{u"I:y"_s};
        // Prices and other dollars stay text.
        QTest::newRow("prices") << u"It costs $5 and $10 now."_s << QStringList{};
        QTest::newRow("price then digit") << u"from $5 to 10$20"_s << QStringList{};
        QTest::newRow("prices then display") << u"for $5 and $10.\n$$x$$"_s << QStringList{u"D:x"_s};
        QTest::newRow("space after opening") << u"$ x$"_s << QStringList{};
        QTest::newRow("space before closing") << u"$x $"_s << QStringList{};
        QTest::newRow("escaped dollars") << u"\\$x\\$ and \\$y$"_s << QStringList{};
        QTest::newRow("escaped backslash") << u"\\\\(a\\\\)"_s << QStringList{};
        QTest::newRow("code span") << u"run `echo $HOME $PATH` and `\\(x\\)`"_s << QStringList{};
        QTest::newRow("double backtick span") << u"``a ` $x$ ``"_s << QStringList{};
        QTest::newRow("fenced code in a list")
            << u"- a\n  ```\n  $x$\n  ```\n- $y$"_s << QStringList{u"I:y"_s};
        QTest::newRow("indented code") << u"    $x$ = 1"_s << QStringList{};
        QTest::newRow("empty") << u"$$ $$ and \\(\\)"_s << QStringList{};
        QTest::newRow("not across a blank line") << u"- $a\n\n  b$"_s << QStringList{};
    }

    void delimiters()
    {
        QFETCH(QString, markdown);
        QFETCH(QStringList, expected);
        QCOMPARE(formulas(markdown), expected);
    }

    void aFormulaStillStreamingRunsToTheEnd()
    {
        QCOMPARE(formulas(u"so \\(a^2 + "_s, true), QStringList{u"I:a^2 + …"_s});
        QCOMPARE(formulas(u"$$\n\\frac{1}{"_s, true), QStringList{u"D:\n\\frac{1}{…"_s});
        QCOMPARE(formulas(u"done $x$ then \\[ y"_s, true), (QStringList{u"I:x"_s, u"D: y…"_s}));
        // Not past its paragraph.
        QCOMPARE(formulas(u"so \\(a^2\n\n[x]: https://example.com $y$"_s, true),
                 (QStringList{u"I:a^2…"_s, u"I:y"_s}));
        // Written and finished, an unclosed \( is markdown's escaped parenthesis.
        QCOMPARE(formulas(u"so \\(a^2 + "_s, false), QStringList{});
        // A lone $ may be a price: text until it closes.
        QCOMPARE(formulas(u"it costs $5"_s, true), QStringList{});
    }

    void theEscapesLeaveFormulasAlone()
    {
        MarkdownRenderer renderer;
        const QString html =
            renderer.toHtml(u"Area \\(a^2\\), thin space $a\\,b$, and $a_1 + b_1$ with *emphasis*."_s);
        QCOMPARE(plain(html), u"Area \\(a^2\\), thin space $a\\,b$, and $a_1 + b_1$ with emphasis."_s);
        const QList<MathMarkup::Marked> marked = MathMarkup::marked(html);
        QCOMPARE(marked.size(), 3);
        QCOMPARE(marked.at(0).tex, u"a^2"_s);
        QCOMPARE(marked.at(0).source, u"\\(a^2\\)"_s);
        QVERIFY(!marked.at(0).display);
        QCOMPARE(marked.at(1).tex, u"a\\,b"_s);
        QCOMPARE(marked.at(2).tex, u"a_1 + b_1"_s);
        QVERIFY(html.sliced(marked.at(2).start, marked.at(2).end - marked.at(2).start)
                    .contains(u"$a_1 + b_1$"_s));
        // Markdown around them still renders.
        QVERIFY(html.contains(u"font-style:italic"_s));
    }

    void markedTextSurvivesAwkwardSources()
    {
        MarkdownRenderer renderer;
        const QString tex = u"a<b \\text{--> \"q\" & 100%}"_s;
        const QString html = renderer.toHtml(u"$$"_s + tex + u"$$"_s);
        const QList<MathMarkup::Marked> marked = MathMarkup::marked(html);
        QCOMPARE(marked.size(), 1);
        QCOMPARE(marked.at(0).tex, tex);
        QCOMPARE(marked.at(0).source, u"$$"_s + tex + u"$$"_s);
        QVERIFY(marked.at(0).display);
        QCOMPARE(plain(html), u"$$"_s + tex + u"$$"_s);
    }

    void aDisplayFormulaIsALineOfItsOwn()
    {
        MarkdownRenderer renderer;
        const QString html = renderer.toHtml(u"The energy is\n$$E = mc^2$$\nfor a body at rest."_s);
        QTextDocument document;
        document.setHtml(html);
        QCOMPARE(document.blockCount(), 3);
        QCOMPARE(document.findBlockByNumber(0).text(), u"The energy is"_s);
        QCOMPARE(document.findBlockByNumber(1).text(), u"$$E = mc^2$$"_s);
        QCOMPARE(document.findBlockByNumber(2).text(), u"for a body at rest."_s);

        // Alone, as it is.
        document.setHtml(renderer.toHtml(u"$$x = 1$$"_s));
        QCOMPARE(document.blockCount(), 1);

        // In a list item, a line of its own in the item.
        document.setHtml(renderer.toHtml(u"- so $$x$$ holds"_s));
        QCOMPARE(document.blockCount(), 1);
        QCOMPARE(document.toPlainText(), u"so\n$$x$$\nholds"_s);
    }

    void streamingShowsAnOpenFormulaAsWritten()
    {
        MarkdownBlocks blocks;
        blocks.setStreaming(true);
        blocks.setText(u"Hence \\(a_1 + b_1 \\,"_s);
        const QString streaming = blocks.data(blocks.index(0), MarkdownBlocks::HtmlRole).toString();
        QCOMPARE(plain(streaming), u"Hence \\(a_1 + b_1 \\,"_s);
        QVERIFY(MathMarkup::marked(streaming).isEmpty()); // not typeset while open

        blocks.appendText(u"\\) done");
        const QString closed = blocks.data(blocks.index(0), MarkdownBlocks::HtmlRole).toString();
        QCOMPARE(MathMarkup::marked(closed).size(), 1);
        QCOMPARE(MathMarkup::marked(closed).at(0).tex, u"a_1 + b_1 \\,"_s);
    }

    void codeIsNeverMath()
    {
        const QString markdown = u"Use `$x$` here:\n\n```sh\necho \"$HOME\" \\(x\\)\n```\n"_s;
        MarkdownBlocks blocks;
        blocks.setText(markdown);
        QCOMPARE(blocks.rowCount(), 2);
        QVERIFY(
            MathMarkup::marked(blocks.data(blocks.index(0), MarkdownBlocks::HtmlRole).toString()).isEmpty());
        QCOMPARE(blocks.data(blocks.index(1), MarkdownBlocks::CodeRole).toString(),
                 u"echo \"$HOME\" \\(x\\)"_s);
    }
};

QTEST_MAIN(TestMathMarkdown)
#include "tst_mathmarkdown.moc"
