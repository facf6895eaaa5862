// SPDX-License-Identifier: GPL-3.0-or-later
// The end of a streaming reply shown as it will most likely end, and MarkdownBlocks showing it
// so only while the reply streams.
#include "markdownblocks.h"
#include "streamingmarkdown.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocumentFragment>

using namespace Qt::StringLiterals;

namespace {
QString shown(const MarkdownBlocks &blocks, int row)
{
    return QTextDocumentFragment::fromHtml(blocks.index(row).data(MarkdownBlocks::HtmlRole).toString())
        .toPlainText();
}
} // namespace

class TestStreamingMarkdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void settle_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("settled");
        QTest::newRow("plain") << u"Hello there"_s << u"Hello there"_s;
        QTest::newRow("link, URL half there") << u"See [the docs](https://exa"_s << u"See the docs"_s;
        QTest::newRow("link, URL not begun") << u"See [the docs]("_s << u"See the docs"_s;
        QTest::newRow("complete link") << u"See [the docs](https://example.com)"_s
                                       << u"See [the docs](https://example.com)"_s;
        QTest::newRow("brackets only: may be plain text") << u"Array [0"_s << u"Array [0"_s;
        QTest::newRow("link text across a line break is not a link")
            << u"a [b\nc](d"_s << u"a [b\nc](d"_s;
        QTest::newRow("image, half there") << u"![a cat](https://x"_s << u"a cat"_s;
        QTest::newRow("earlier complete link kept") << u"[a](b) and [c](d"_s << u"[a](b) and c"_s;
        QTest::newRow("open bold closed") << u"This is **important"_s << u"This is **important**"_s;
        QTest::newRow("open bold with a space") << u"This is **very "_s << u"This is **very**"_s;
        QTest::newRow("bare bold marker dropped") << u"This is **"_s << u"This is "_s;
        QTest::newRow("closed bold kept") << u"**a** b"_s << u"**a** b"_s;
        QTest::newRow("open inline code closed") << u"Run `make te"_s << u"Run `make te`"_s;
        QTest::newRow("bare backtick dropped") << u"Run `"_s << u"Run "_s;
        QTest::newRow("stars inside code are code") << u"Use `a ** b"_s << u"Use `a ** b`"_s;
        QTest::newRow("only the last line counts") << u"**a\n\nb"_s << u"**a\n\nb"_s;
        QTest::newRow("bold then code") << u"**bold `code"_s << u"**bold `code`**"_s;
    }
    void settle()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, settled);
        QCOMPARE(StreamingMarkdown::settle(markdown), settled);
    }

    void blocksSettleOnlyTheirLastBlockWhileStreaming()
    {
        MarkdownBlocks blocks;
        QAbstractItemModelTester tester(&blocks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        blocks.setStreaming(true);
        blocks.setText(u"First [one](http://a"_s);
        QCOMPARE(blocks.rowCount(), 1);
        QCOMPARE(shown(blocks, 0), u"First one"_s);

        // A new block starts: the one before is final and shown as written.
        QSignalSpy changed(&blocks, &QAbstractItemModel::dataChanged);
        blocks.appendText(u"\n\nSecond **bold"_s);
        QCOMPARE(blocks.rowCount(), 2);
        QCOMPARE(shown(blocks, 0), u"First [one](http://a"_s);
        QCOMPARE(shown(blocks, 1), u"Second bold"_s);
        QVERIFY(changed.count() >= 1);

        // The reply is complete: the last block is shown as it is too.
        changed.clear();
        blocks.setStreaming(false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(shown(blocks, 1), u"Second **bold"_s);
    }
};

QTEST_MAIN(TestStreamingMarkdown)
#include "tst_streamingmarkdown.moc"
