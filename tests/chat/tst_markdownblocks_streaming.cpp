// SPDX-License-Identifier: GPL-3.0-or-later
// TestMarkdownBlocks, continued: text arriving piece by piece, and replaced.
#include "tst_markdownblocks.h"

void TestMarkdownBlocks::streamsAnOpenFence()
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
    QCOMPARE(describe(model), (QStringList{u"text:Here:"_s, u"code:python:closed:x = 1"_s, u"text:Done."_s}));
}

void TestMarkdownBlocks::aLineStillArrivingMayJoinThePreviousBlock()
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

void TestMarkdownBlocks::aBlockNoLongerLastIsShownAsWritten()
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

void TestMarkdownBlocks::streamingMatchesTheWholeText_data()
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

void TestMarkdownBlocks::streamingMatchesTheWholeText()
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
        QVERIFY2(earliestChange >= rowsBefore - 2,
                 qPrintable(u"piece %1 changed row %2 of %3"_s.arg(i).arg(earliestChange).arg(rowsBefore)));
        // A view reads the rows as they change, which fills the cache the test checks.
        if (streamed.rowCount() > 0)
            streamed.data(streamed.index(streamed.rowCount() - 1), MarkdownBlocks::HtmlRole);
    }
    MarkdownBlocks whole;
    whole.setText(markdown);
    compareModels(streamed, whole);
}

void TestMarkdownBlocks::earlierRowsNeverChange()
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

void TestMarkdownBlocks::replacingTheText()
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

void TestMarkdownBlocks::aDefinitionArrivingLaterRendersOnlyTheRowsNamingIt()
{
    MarkdownBlocks model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<int> changedRows;
    // A view reads a row again as soon as it hears it changed, as QML's delegates do.
    connect(&model, &MarkdownBlocks::dataChanged, this,
            [&](const QModelIndex &top, const QModelIndex &bottom) {
                QCOMPARE(top, bottom);
                changedRows += top.row();
                model.data(top, MarkdownBlocks::HtmlRole);
            });
    const auto shown = [&model](int row) {
        return model.data(model.index(row), MarkdownBlocks::HtmlRole).toString();
    };
    model.appendText(u"See [the  Docs] first.\n\nThen [other] things.\n\nPlain.\n\n"_s);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(!shown(row).contains(u"href"_s));

    changedRows.clear();
    model.appendText(u"[the docs]: https://example.com/d"_s);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(changedRows, QList<int>{0}); // the new row is inserted, the others stay
    QVERIFY(shown(0).contains(u"href=\"https://example.com/d\""_s));

    changedRows.clear();
    model.appendText(u"ocs \"Docs\"\n[ẞ]: https://example.com/sharp-s\n"_s);
    QCOMPARE(changedRows, (QList<int>{0, 3}));
    QVERIFY(shown(0).contains(u"href=\"https://example.com/docs\""_s));
    QTextDocument definitionsRow;
    definitionsRow.setHtml(shown(3));
    QCOMPARE(definitionsRow.toPlainText(), QString()); // definitions alone show nothing
    QVERIFY(!shown(1).contains(u"href"_s));

    // A later definition of the same label does not win over the first; text after it streams
    // without touching the rows before.
    model.appendText(u"\n[THE DOCS]: https://example.com/later\n\nMore [ss] and [other]."_s);
    QVERIFY(shown(0).contains(u"href=\"https://example.com/docs\""_s));
    QCOMPARE(model.rowCount(), 6);
    QVERIFY(shown(5).contains(u"href=\"https://example.com/sharp-s\""_s));
    changedRows.clear();
    model.appendText(u" Done."_s);
    QCOMPARE(changedRows, QList<int>{5});

    // The definitions gone, the rows naming them show plain text again.
    changedRows.clear();
    model.setText(u"See [the  Docs] first.\n\nThen [other] things.\n\nPlain."_s);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(changedRows, QList<int>{0});
    QVERIFY(!shown(0).contains(u"href"_s));
}
