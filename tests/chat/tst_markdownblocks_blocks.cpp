// SPDX-License-Identifier: GPL-3.0-or-later
// TestMarkdownBlocks, continued: the roles, and how markdown splits into blocks and renders.
#include "tst_markdownblocks.h"

void TestMarkdownBlocks::roleNames()
{
    MarkdownBlocks model;
    const QHash<int, QByteArray> names = model.roleNames();
    QCOMPARE(names.value(MarkdownBlocks::KindRole), "kind");
    QCOMPARE(names.value(MarkdownBlocks::HtmlRole), "html");
    QCOMPARE(names.value(MarkdownBlocks::CodeRole), "code");
    QCOMPARE(names.value(MarkdownBlocks::LanguageRole), "language");
    QCOMPARE(names.value(MarkdownBlocks::ClosedRole), "closed");
    QCOMPARE(names.value(MarkdownBlocks::MarkdownRole), "markdown");
}

void TestMarkdownBlocks::splitsBlocks_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QStringList>("blocks");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("blank lines only") << u"\n  \n\t\n"_s << QStringList();
    QTest::newRow("paragraphs") << u"\n\none\ntwo\n\n\nthree"_s
                                << QStringList{u"text:one\ntwo"_s, u"text:three"_s};
    QTest::newRow("headings") << u"# Title\nText under it\n## Sub ##\n#hashtag\n####### seven"_s
                              << QStringList{u"text:# Title"_s, u"text:Text under it"_s, u"text:## Sub ##"_s,
                                             u"text:#hashtag\n####### seven"_s};
    QTest::newRow("fence with language")
        << u"```python title=x\nprint(1)\n\n```\n"_s << QStringList{u"code:python:closed:print(1)\n"_s};
    QTest::newRow("tilde fence, backticks in info")
        << u"~~~ js `x`\nlet a;\n~~~"_s << QStringList{u"code:js:closed:let a;"_s};
    QTest::newRow("backticks in a backtick info string: inline code")
        << u"```a`b```\ntext"_s << QStringList{u"text:```a`b```\ntext"_s};
    QTest::newRow("longer closing fence, shorter one inside")
        << u"````\n```\nnot closed\n`````  \nafter"_s
        << QStringList{u"code::closed:```\nnot closed"_s, u"text:after"_s};
    QTest::newRow("indented fence") << u"  ```c\n  int x;\n    y;\n z;\n  ```"_s
                                    << QStringList{u"code:c:closed:int x;\n  y;\nz;"_s};
    QTest::newRow("fence interrupts a paragraph, text after a closed fence")
        << u"Run this:\n```sh\nls -l\n```\nThen look.\nMore."_s
        << QStringList{u"text:Run this:"_s, u"code:sh:closed:ls -l"_s, u"text:Then look.\nMore."_s};
    QTest::newRow("unterminated fence")
        << u"Intro\n\n```js\nlet a = 1;\n"_s << QStringList{u"text:Intro"_s, u"code:js:open:let a = 1;"_s};
    QTest::newRow("unterminated fence, no code yet") << u"```rust"_s << QStringList{u"code:rust:open:"_s};
    QTest::newRow("nested lists") << u"- a\n  - b\n    1. c\n- d\n\nafter"_s
                                  << QStringList{u"text:- a\n  - b\n    1. c\n- d"_s, u"text:after"_s};
    QTest::newRow("list across blank lines")
        << u"1. one\n\n2. two\n\n   more of two\n\n\n- other list\nlazy\n\nafter\n"_s
        << QStringList{u"text:1. one\n\n2. two\n\n   more of two\n\n\n- other list\nlazy"_s, u"text:after"_s};
    QTest::newRow("list with a nested fence")
        << u"1. Install:\n   ```bash\n   pip install x\n\n   pip check\n   ```\n2. Run"_s
        << QStringList{u"text:1. Install:\n   ```bash\n   pip install x\n\n   pip check\n   ```\n2. Run"_s};
    QTest::newRow("list ended by a fence and a heading")
        << u"- a\n```\nx\n```\n- b\n# H"_s
        << QStringList{u"text:- a"_s, u"code::closed:x"_s, u"text:- b"_s, u"text:# H"_s};
    QTest::newRow("list interrupts a paragraph")
        << u"Steps:\n1. one\n2. two"_s << QStringList{u"text:Steps:"_s, u"text:1. one\n2. two"_s};
    QTest::newRow("what does not interrupt a paragraph; a setext heading ends one")
        << u"In\n2024. not a list\n-\n| a | b |\n|---|---|\n    indented"_s
        << QStringList{u"text:In\n2024. not a list\n-"_s, u"text:| a | b |\n|---|---|"_s,
                       u"text:    indented"_s};
    QTest::newRow("nine digits make a list item, ten do not")
        << u"Text\n1. one\n\n123456789. nine\n9999999999. ten"_s
        << QStringList{u"text:Text"_s, u"text:1. one\n\n123456789. nine\n9999999999. ten"_s};
    QTest::newRow("a ten-digit number does not interrupt a paragraph")
        << u"Text\n9999999999. ten"_s << QStringList{u"text:Text\n9999999999. ten"_s};
    QTest::newRow("only ASCII digits make a list item")
        << u"Text\n\u0661. one\n\uff11. one"_s << QStringList{u"text:Text\n\u0661. one\n\uff11. one"_s};
    QTest::newRow("block quotes") << u"> a\n> b\nlazy\n\n> c\n- d"_s
                                  << QStringList{u"text:> a\n> b\nlazy"_s, u"text:> c"_s, u"text:- d"_s};
    QTest::newRow("table") << u"| a | b |\n|:--|--:|\n| 1 | 2 |\n3 | 4\n\nafter"_s
                           << QStringList{u"text:| a | b |\n|:--|--:|\n| 1 | 2 |\n3 | 4"_s, u"text:after"_s};
    QTest::newRow("table after a heading, ended by a line without a pipe")
        << u"## T\na | b\n--- | ---\nc | d\nplain"_s
        << QStringList{u"text:## T"_s, u"text:a | b\n--- | ---\nc | d"_s, u"text:plain"_s};
    QTest::newRow("table ended by a fence")
        << u"|a|\n|---|\n|1|\n```\nx\n```"_s << QStringList{u"text:|a|\n|---|\n|1|"_s, u"code::closed:x"_s};
    QTest::newRow("thematic breaks and setext headings")
        << u"a\n\n---\nb\n***\nc\n---\nd\n\n___"_s
        << QStringList{u"text:a"_s,      u"text:---"_s, u"text:b"_s,  u"text:***"_s,
                       u"text:c\n---"_s, u"text:d"_s,   u"text:___"_s};
    QTest::newRow("indented code across blank lines")
        << u"    x\n\n    y\n\nz"_s << QStringList{u"text:    x\n\n    y"_s, u"text:z"_s};
    QTest::newRow("CRLF") << u"a\r\nb\r\n\r\n```py\r\nx\r\ny\r\n```\r\n"_s
                          << QStringList{u"text:a\r\nb"_s, u"code:py:closed:x\ny"_s};
    QTest::newRow("HTML stays a paragraph")
        << u"<div>\n\ntext</div>"_s << QStringList{u"text:<div>"_s, u"text:text</div>"_s};
}

void TestMarkdownBlocks::splitsBlocks()
{
    QFETCH(QString, markdown);
    QFETCH(QStringList, blocks);
    MarkdownBlocks model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setText(markdown);
    QCOMPARE(describe(model), blocks);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const bool code = model.data(index, MarkdownBlocks::KindRole).toString() == u"code"_s;
        QCOMPARE(model.data(index, MarkdownBlocks::HtmlRole).toString().isEmpty(), code);
        if (!code)
            QVERIFY(model.data(index, MarkdownBlocks::ClosedRole).toBool());
    }
}

void TestMarkdownBlocks::rendersEachConstruct_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("expected");

    QTest::newRow("heading") << u"# Title"_s << u"<h1"_s;
    QTest::newRow("list") << u"- a\n- b"_s << u"<li"_s;
    QTest::newRow("table") << u"| a | b |\n|---|---|\n| 1 | 2 |"_s << u"<table"_s;
    QTest::newRow("link") << u"[Qt](https://www.qt.io)"_s << u"<a href=\"https://www.qt.io\""_s;
    QTest::newRow("inline code") << u"use `grep -r`"_s << u"grep -r"_s;
    QTest::newRow("bold") << u"**strong**"_s << u"font-weight:700"_s;
    QTest::newRow("quote") << u"> quoted"_s << u"quoted"_s;
}

void TestMarkdownBlocks::rendersEachConstruct()
{
    QFETCH(QString, markdown);
    QFETCH(QString, expected);
    const QString out = html(markdown);
    QVERIFY2(out.contains(expected), qPrintable(out));
    QVERIFY2(!out.contains(u"<!DOCTYPE"_s), qPrintable(out));
    QVERIFY2(!out.contains(u"<body style"_s), qPrintable(out)); // the view's font applies
}
