// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownblocks.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

// A row as the view sees it: "text:<markdown>" or "code:<language>:<open|closed>:<code>".
QString describe(const MarkdownBlocks &model, int row)
{
    const QModelIndex index = model.index(row);
    const auto value = [&](MarkdownBlocks::Roles role) {
        return model.data(index, role);
    };
    if (value(MarkdownBlocks::KindRole).toString() == u"code"_s) {
        return u"code:%1:%2:%3"_s.arg(value(MarkdownBlocks::LanguageRole).toString(),
                                      value(MarkdownBlocks::ClosedRole).toBool() ? u"closed"_s : u"open"_s,
                                      value(MarkdownBlocks::CodeRole).toString());
    }
    return u"text:"_s + value(MarkdownBlocks::MarkdownRole).toString();
}

QStringList describe(const MarkdownBlocks &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows += describe(model, row);
    return rows;
}

QString html(const QString &markdown)
{
    MarkdownBlocks model;
    model.setText(markdown);
    QString all;
    for (int row = 0; row < model.rowCount(); ++row)
        all += model.data(model.index(row), MarkdownBlocks::HtmlRole).toString();
    return all;
}

// A reply with every kind of block, several times over, the way models write them.
QString sampleReply()
{
    const QString section = uR"(## Setting up the %1 service

Before you start, make sure **Docker** is installed and `docker info` runs
without errors. See [the docs](https://docs.docker.com/get-started/) for details.

1. Clone the repository:
   ```bash
   git clone https://example.com/%1.git
   cd %1
   ```
2. Build the image:

   ```bash
   docker build -t %1 .
   ```

- Ports:
  - 8080 for HTTP
  - 8443 for HTTPS
* A list of another kind

| Setting | Default | Meaning |
|:--------|:-------:|--------:|
| `port` | 8080 | where it listens |
| `workers` | 4 | threads serving requests |

> **Note:** the first build downloads about 1 GB
and takes a few minutes.

```python
def main():
    print("hello from %1")

    return 0
```
~~~
plain ``` inside a tilde fence
~~~
Text right after a fence, then a rule:

***
#hashtag is not a heading
    indented continuation
Setext heading
--------------

    indented code

    still indented code
)"_s;
    QString text;
    for (const QString &name : {u"alpha"_s, u"beta"_s, u"gamma"_s})
        text += section.arg(name) + u'\n';
    text += u"```js\nconsole.log('the reply ends in an open fence');\n"_s;
    return text;
}

// Token-sized pieces: 1 to 8 characters, now and then splitting a "\r\n" or a fence.
QStringList randomPieces(const QString &text, quint32 seed)
{
    QRandomGenerator random(seed);
    QStringList pieces;
    for (qsizetype pos = 0; pos < text.size();) {
        const qsizetype length = std::min<qsizetype>(1 + random.bounded(8), text.size() - pos);
        pieces += text.sliced(pos, length);
        pos += length;
    }
    return pieces;
}

void compareModels(const MarkdownBlocks &streamed, const MarkdownBlocks &whole)
{
    QCOMPARE(describe(streamed), describe(whole));
    for (int row = 0; row < whole.rowCount(); ++row) {
        QCOMPARE(streamed.data(streamed.index(row), MarkdownBlocks::HtmlRole).toString(),
                 whole.data(whole.index(row), MarkdownBlocks::HtmlRole).toString());
    }
}

} // namespace

class TestMarkdownBlocks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roleNames()
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

    void splitsBlocks_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QStringList>("blocks");

        QTest::newRow("empty") << QString() << QStringList();
        QTest::newRow("blank lines only") << u"\n  \n\t\n"_s << QStringList();
        QTest::newRow("paragraphs") << u"\n\none\ntwo\n\n\nthree"_s
                                    << QStringList{u"text:one\ntwo"_s, u"text:three"_s};
        QTest::newRow("headings") << u"# Title\nText under it\n## Sub ##\n#hashtag\n####### seven"_s
                                  << QStringList{u"text:# Title"_s, u"text:Text under it"_s,
                                                 u"text:## Sub ##"_s, u"text:#hashtag\n####### seven"_s};
        QTest::newRow("fence with language")
            << u"```python title=x\nprint(1)\n\n```\n"_s << QStringList{u"code:python:closed:print(1)\n"_s};
        QTest::newRow("tilde fence, backticks in info")
            << u"~~~ js `x`\nlet a;\n~~~"_s << QStringList{u"code:js:closed:let a;"_s};
        QTest::newRow("backticks in a backtick info string: inline code")
            << u"```a`b```\ntext"_s << QStringList{u"text:```a`b```\ntext"_s};
        QTest::newRow("longer closing fence, shorter one inside")
            << u"````\n```\nnot closed\n`````  \nafter"_s
            << QStringList{u"code::closed:```\nnot closed"_s, u"text:after"_s};
        QTest::newRow("indented fence")
            << u"  ```c\n  int x;\n    y;\n z;\n  ```"_s << QStringList{u"code:c:closed:int x;\n  y;\nz;"_s};
        QTest::newRow("fence interrupts a paragraph, text after a closed fence")
            << u"Run this:\n```sh\nls -l\n```\nThen look.\nMore."_s
            << QStringList{u"text:Run this:"_s, u"code:sh:closed:ls -l"_s, u"text:Then look.\nMore."_s};
        QTest::newRow("unterminated fence") << u"Intro\n\n```js\nlet a = 1;\n"_s
                                            << QStringList{u"text:Intro"_s, u"code:js:open:let a = 1;"_s};
        QTest::newRow("unterminated fence, no code yet") << u"```rust"_s << QStringList{u"code:rust:open:"_s};
        QTest::newRow("nested lists") << u"- a\n  - b\n    1. c\n- d\n\nafter"_s
                                      << QStringList{u"text:- a\n  - b\n    1. c\n- d"_s, u"text:after"_s};
        QTest::newRow("list across blank lines")
            << u"1. one\n\n2. two\n\n   more of two\n\n\n- other list\nlazy\n\nafter\n"_s
            << QStringList{u"text:1. one\n\n2. two\n\n   more of two\n\n\n- other list\nlazy"_s,
                           u"text:after"_s};
        QTest::newRow("list with a nested fence")
            << u"1. Install:\n   ```bash\n   pip install x\n\n   pip check\n   ```\n2. Run"_s
            << QStringList{
                   u"text:1. Install:\n   ```bash\n   pip install x\n\n   pip check\n   ```\n2. Run"_s};
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
                               << QStringList{u"text:| a | b |\n|:--|--:|\n| 1 | 2 |\n3 | 4"_s,
                                              u"text:after"_s};
        QTest::newRow("table after a heading, ended by a line without a pipe")
            << u"## T\na | b\n--- | ---\nc | d\nplain"_s
            << QStringList{u"text:## T"_s, u"text:a | b\n--- | ---\nc | d"_s, u"text:plain"_s};
        QTest::newRow("table ended by a fence")
            << u"|a|\n|---|\n|1|\n```\nx\n```"_s
            << QStringList{u"text:|a|\n|---|\n|1|"_s, u"code::closed:x"_s};
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

    void splitsBlocks()
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

    void rendersEachConstruct_data()
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

    void rendersEachConstruct()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        const QString out = html(markdown);
        QVERIFY2(out.contains(expected), qPrintable(out));
        QVERIFY2(!out.contains(u"<!DOCTYPE"_s), qPrintable(out));
        QVERIFY2(!out.contains(u"<body style"_s), qPrintable(out)); // the view's font applies
    }

    void streamsAnOpenFence()
    {
        MarkdownBlocks model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &MarkdownBlocks::dataChanged);

        model.appendText(u"Here:\n\n```py"_s);
        QCOMPARE(describe(model), (QStringList{u"text:Here:"_s, u"code:py:open:"_s}));
        model.appendText(u"thon\nx = 1\n"_s);
        QCOMPARE(describe(model), (QStringList{u"text:Here:"_s, u"code:python:open:x = 1"_s}));
        model.appendText(u"``"_s);
        QCOMPARE(describe(model), (QStringList{u"text:Here:"_s, u"code:python:open:x = 1\n``"_s}));
        changed.clear();
        model.appendText(u"`"_s);
        QCOMPARE(describe(model), (QStringList{u"text:Here:"_s, u"code:python:closed:x = 1"_s}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(MarkdownBlocks::ClosedRole));
        QVERIFY(roles.contains(MarkdownBlocks::CodeRole));
        QVERIFY(!roles.contains(MarkdownBlocks::HtmlRole));

        model.appendText(u"\nDone."_s);
        QCOMPARE(describe(model),
                 (QStringList{u"text:Here:"_s, u"code:python:closed:x = 1"_s, u"text:Done."_s}));
    }

    void aLineStillArrivingMayJoinThePreviousBlock()
    {
        MarkdownBlocks model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendText(u"para\n#"_s);
        QCOMPARE(describe(model), (QStringList{u"text:para"_s, u"text:#"_s}));
        model.appendText(u"hashtag"_s);
        QCOMPARE(describe(model), (QStringList{u"text:para\n#hashtag"_s}));
        model.appendText(u"\n# Heading\n"_s);
        QCOMPARE(describe(model), (QStringList{u"text:para\n#hashtag"_s, u"text:# Heading"_s}));
    }

    void aBlockNoLongerLastIsShownAsWritten()
    {
        // While streaming, the last block is shown settled and the others as written, to a view
        // that reads a row again as soon as it hears it changed, as QML's delegates do.
        MarkdownBlocks model;
        model.setStreaming(true);
        connect(&model, &MarkdownBlocks::dataChanged, this,
                [&model](const QModelIndex &top) { model.data(top, MarkdownBlocks::HtmlRole); });
        const auto shown = [&model](int row) {
            return model.data(model.index(row), MarkdownBlocks::HtmlRole).toString();
        };
        model.appendText(u"Intro **bold"_s);
        QVERIFY(!shown(0).contains(u"**"_s)); // settled: the bold run closed
        model.appendText(u" and more\n\nNext"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(shown(0), html(u"Intro **bold and more"_s));

        // A shorter text makes an earlier block the last again: settled again.
        model.setText(u"Intro **bold and more"_s);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!shown(0).contains(u"**"_s));
    }

    void streamingMatchesTheWholeText_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<quint32>("seed");
        const QString reply = sampleReply();
        for (quint32 seed = 1; seed <= 12; ++seed)
            QTest::addRow("sample reply, seed %u", seed) << reply << seed;
        QString cases;
        for (const char *piece :
             {"# H\n#x\n- a\n\n  b\n\nc\n", "> q\nlazy\n\n| a |\n|---|\n| 1 |\nz\n",
              "```\n```\n~~~~\n~~~\n~~~~\n1. a\n2. b\n\n   c\n", "a\r\n\r\n```c\r\nx\r\n```\r\n",
              "    code\n\n    more\n\ntext\n---\n***\n", "-\n+ x\n10) y\n\n- - -\n",
              // first lines that start a block until more of them arrives
              "para\n#hashtag\n####### seven\n```not`a fence\n\n> q\n#x\n- a\n#y\n"})
            cases += QString::fromUtf8(piece);
        for (quint32 seed = 100; seed < 140; ++seed)
            QTest::addRow("constructs, seed %u", seed) << cases << seed;
    }

    void streamingMatchesTheWholeText()
    {
        QFETCH(QString, markdown);
        QFETCH(quint32, seed);

        MarkdownBlocks streamed;
        QAbstractItemModelTester tester(&streamed, QAbstractItemModelTester::FailureReportingMode::QtTest);
        int rowsBefore = 0;
        int earliestChange = std::numeric_limits<int>::max();
        const auto changedFrom = [&](int row) {
            earliestChange = std::min(earliestChange, row);
        };
        connect(&streamed, &MarkdownBlocks::dataChanged, this,
                [&](const QModelIndex &top) { changedFrom(top.row()); });
        connect(&streamed, &MarkdownBlocks::rowsRemoved, this,
                [&](const QModelIndex &, int first) { changedFrom(first); });
        connect(&streamed, &MarkdownBlocks::modelReset, this, [&] { changedFrom(0); });

        const QStringList pieces = randomPieces(markdown, seed);
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            rowsBefore = streamed.rowCount();
            earliestChange = std::numeric_limits<int>::max();
            if (i % 2)
                streamed.appendText(pieces.at(i));
            else
                streamed.setText(streamed.text() + pieces.at(i));
            // Only the last row, or the one before it while a new block's first line arrives,
            // ever changes.
            QVERIFY2(
                earliestChange >= rowsBefore - 2,
                qPrintable(u"piece %1 changed row %2 of %3"_s.arg(i).arg(earliestChange).arg(rowsBefore)));
            // A view reads the rows as they change, which fills the cache the test checks.
            if (streamed.rowCount() > 0)
                streamed.data(streamed.index(streamed.rowCount() - 1), MarkdownBlocks::HtmlRole);
        }
        MarkdownBlocks whole;
        whole.setText(markdown);
        compareModels(streamed, whole);
    }

    void earlierRowsNeverChange()
    {
        const QString reply = sampleReply();
        MarkdownBlocks model;
        QList<int> changes;
        connect(&model, &MarkdownBlocks::dataChanged, this,
                [&](const QModelIndex &top, const QModelIndex &bottom) {
                    QCOMPARE(top, bottom);
                    changes.resize(std::max<qsizetype>(changes.size(), top.row() + 1));
                    ++changes[top.row()];
                });
        QSignalSpy removed(&model, &MarkdownBlocks::rowsRemoved);
        QSignalSpy reset(&model, &MarkdownBlocks::modelReset);
        // A token at a time, each ending where model tokens end: a block's first line is whole
        // before the next token arrives, so only the last row ever changes.
        qsizetype pos = 0;
        QList<int> changesWhenRowWasLast;
        while (pos < reply.size()) {
            qsizetype end = pos + 1;
            while (end < reply.size() && end - pos < 4 && reply.at(end - 1) != u'\n')
                ++end;
            const int last = model.rowCount() - 1;
            changesWhenRowWasLast = changes;
            model.appendText(QStringView(reply).sliced(pos, end - pos));
            for (int row = 0; row < std::min<int>(last, int(changes.size())); ++row) {
                QVERIFY2(changes.at(row) == changesWhenRowWasLast.value(row),
                         qPrintable(u"row %1 of %2 changed"_s.arg(row).arg(last + 1)));
            }
            pos = end;
        }
        QCOMPARE(removed.size(), 0);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 34); // 11 a section, and the open fence
        MarkdownBlocks whole;
        whole.setText(reply);
        compareModels(model, whole);
    }

    void replacingTheText()
    {
        MarkdownBlocks model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &MarkdownBlocks::modelReset);
        QSignalSpy changed(&model, &MarkdownBlocks::dataChanged);
        model.setText(u"one\n\ntwo\n\nthree"_s);
        QCOMPARE(reset.size(), 0);

        // An edit in the last block changes only that row.
        model.setText(u"one\n\ntwo\n\nthree!"_s);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);

        // A shorter text removes rows.
        model.setText(u"one\n\ntwo"_s);
        QCOMPARE(describe(model), (QStringList{u"text:one"_s, u"text:two"_s}));
        QCOMPARE(reset.size(), 0);

        // Another text altogether resets.
        model.setText(u"```\nx"_s);
        QCOMPARE(describe(model), (QStringList{u"code::open:x"_s}));
        QCOMPARE(reset.size(), 1);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.text(), QString());
    }

    void staysSafe_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("mustContain");

        QTest::newRow("remote image") << u"![logo](http://evil.example/x.png)"_s << u"logo"_s;
        QTest::newRow("image with a title")
            << u"See ![chart](https://evil.example/c.svg \"t\") here"_s << u"chart"_s;
        QTest::newRow("image, no alt text") << u"![](https://evil.example/pixel.gif)"_s << QString();
        QTest::newRow("reference image") << u"![a][r]\n\n[r]: http://evil.example/r.png"_s << QString();
        QTest::newRow("image in a link") << u"[![badge](http://evil.example/b.svg)](https://example.com)"_s
                                         << u"href=\"https://example.com\""_s;
        QTest::newRow("local image") << u"![passwd](file:///etc/passwd)"_s << u"passwd"_s;
        QTest::newRow("raw img tag") << u"<img src=x onerror=alert(1)>"_s << u"&lt;img"_s;
        QTest::newRow("raw img tag in a paragraph")
            << u"hi <img src=\"http://evil.example/t.png\"> there"_s << u"&lt;img"_s;
        QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"&lt;script&gt;"_s;
        QTest::newRow("html block")
            << u"<div onclick=\"x()\">\n<iframe src=\"http://evil.example\"></iframe>\n</div>"_s
            << u"&lt;iframe"_s;
        QTest::newRow("style") << u"<style>body{background:url(http://evil.example/b)}</style>"_s
                               << u"&lt;style"_s;
        QTest::newRow("javascript link") << u"[run](javascript:alert(1))"_s << u"run"_s;
        QTest::newRow("file link") << u"[open](file:///usr/bin/xterm)"_s << u"open"_s;
        QTest::newRow("data link") << u"[d](data:text/html,<script>alert(1)</script>)"_s << QString();
        QTest::newRow("https link kept")
            << u"[docs](https://doc.qt.io/)"_s << u"<a href=\"https://doc.qt.io/\""_s;
        QTest::newRow("mailto link kept")
            << u"[mail](mailto:a@example.com)"_s << u"<a href=\"mailto:a@example.com\""_s;
        QTest::newRow("autolink kept")
            << u"<https://example.com/a>"_s << u"<a href=\"https://example.com/a\""_s;
        QTest::newRow("www autolink") << u"see www.example.com now"_s << u"href=\"http://www.example.com\""_s;
        // A mail link opens a new mail to its address, never one with a file attached or a body.
        QTest::newRow("mailto attach") << u"[mail](mailto:a@example.com?attach=/home/u/.ssh/id_rsa)"_s
                                       << u"href=\"mailto:a@example.com\""_s;
        QTest::newRow("mailto body and cc") << u"[mail](mailto:a@example.com?cc=b@evil.example&body=hello)"_s
                                            << u"href=\"mailto:a@example.com\""_s;
        QTest::newRow("mailto autolink with a query")
            << u"<mailto:a@example.com?attach=x>"_s << u"href=\"mailto:a@example.com\""_s;
        QTest::newRow("mailto encoded query")
            << u"[mail](mailto:a@example.com%3Fattach=x)"_s << u"href=\"mailto:a@example.com\""_s;
        QTest::newRow("mailto image link")
            << u"![x](mailto:a@example.com?attach=y)"_s << u"href=\"mailto:a@example.com\""_s;
    }

    void staysSafe()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, mustContain);
        const QString out = html(markdown);
        const auto fail = [&](const QString &what) {
            return (what + u" in "_s + out).toUtf8();
        };
        // Markdown's own HTML comes out as text (its < escaped), so any tag here is Qt's.
        for (const QString &tag : {u"<img"_s, u"<script"_s, u"<iframe"_s, u"<object"_s, u"<embed"_s,
                                   u"<link"_s, u"<svg"_s, u"<div"_s, u"<style>"_s})
            QVERIFY2(!out.contains(tag, Qt::CaseInsensitive), fail(tag).constData());
        const QRegularExpression tags(u"<[^>]*>"_s);
        // A mailto: href is an address only: no query, no fragment.
        const QRegularExpression safeHref(u"href=\"(https?:[^\"]*|mailto:[^\"?#&]*)\""_s);
        for (const QRegularExpressionMatch &tag : tags.globalMatch(out)) {
            QString attributes = tag.captured();
            attributes.remove(safeHref);
            // No address but a link's, which a click opens in the browser; no loading, no scripts.
            for (const QString &forbidden :
                 {u"://"_s, u"href"_s, u"src="_s, u"url("_s, u"onerror"_s, u"onclick"_s, u"javascript:"_s})
                QVERIFY2(!attributes.contains(forbidden, Qt::CaseInsensitive),
                         fail(tag.captured()).constData());
        }
        QVERIFY2(out.contains(mustContain), fail(mustContain).constData());
    }

    void safeHref()
    {
        QCOMPARE(MarkdownRenderer::safeHref(u"https://a.example/x?y#z"_s), u"https://a.example/x?y#z"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"HTTP://A.EXAMPLE"_s), u"HTTP://A.EXAMPLE"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"www.example.com"_s), u"http://www.example.com"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"javascript:alert(1)"_s), QString());
        QCOMPARE(MarkdownRenderer::safeHref(u"file:///etc/passwd"_s), QString());
        QCOMPARE(MarkdownRenderer::safeHref(u"/usr/bin/xterm"_s), QString());
        QCOMPARE(MarkdownRenderer::safeHref(u"#anchor"_s), QString());
        QCOMPARE(MarkdownRenderer::safeHref(u"smb://host/share"_s), QString());
        QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com"_s), u"mailto:a@example.com"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com?attach=/etc/passwd"_s),
                 u"mailto:a@example.com"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"MAILTO:a@example.com?body=x#y"_s), u"mailto:a@example.com"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com%3Fattach=x"_s), u"mailto:a@example.com"_s);
        QCOMPARE(MarkdownRenderer::safeHref(u"mailto:?to=a@example.com&attach=x"_s), QString());
    }
};

int main(int argc, char **argv)
{
    // Rich text needs fonts, not a screen.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestMarkdownBlocks test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_markdownblocks.moc"
