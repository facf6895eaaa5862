// SPDX-License-Identifier: GPL-3.0-or-later
// The CommonMark spec's examples (the commonmark-spec package, pinned in js/package-lock.json)
// rendered block by block, as a reply is shown, and as one whole document by the same renderer:
// the same visible text and the same link targets, whether the text arrives at once or streams.
#include "markdownblocks.h"
#include "markdownrenderer.h"

#include <QFile>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace {

struct Example
{
    int number = 0;
    QString section;
    QString markdown;
    QString html; // what the spec renders it to: tells which examples have images
};

// The examples as the package's index.js extracts them from spec.txt, with "→" standing for a
// tab as the spec's own test runners read it.
QList<Example> readExamples(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read the CommonMark spec at %1 (%2): run `npm ci --prefix js` "
                 "(scripts/deps.sh build does it) and configure again"_s.arg(path, file.errorString());
        return {};
    }
    QString text = QString::fromUtf8(file.readAll());
    text.replace(u"\r\n"_s, u"\n"_s);
    const QString fence(32, u'`');
    QList<Example> examples;
    QString section;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u"<!-- END TESTS -->"_s))
            break;
        if (line == fence + u" example"_s) {
            Example example{int(examples.size()) + 1, section, {}, {}};
            QString *part = &example.markdown;
            for (++i; i < lines.size() && lines.at(i) != fence; ++i) {
                if (lines.at(i) == u"."_s && part == &example.markdown)
                    part = &example.html;
                else
                    *part += lines.at(i) + u'\n';
            }
            example.markdown.replace(u'→', u'\t');
            example.html.replace(u'→', u'\t');
            examples.append(example);
        } else if (static const QRegularExpression heading(u"^#{1,6} *(.*)$"_s);
                   heading.match(line).hasMatch()) {
            section = heading.match(line).captured(1);
        }
    }
    return examples;
}

// What a reader sees of rich text: its text, and where each link goes ("text -> href").
struct Visible
{
    QString text;
    QStringList links;
};

void addVisible(const QString &html, Visible *visible)
{
    QTextDocument document;
    document.setHtml(html);
    if (!visible->text.isEmpty())
        visible->text += u'\n';
    visible->text += document.toPlainText();
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isAnchor() && !format.anchorHref().isEmpty())
                visible->links += it.fragment().text() + u" -> "_s + format.anchorHref();
        }
    }
}

Visible blocksVisible(const MarkdownBlocks &model)
{
    Visible visible;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        if (model.data(index, MarkdownBlocks::KindRole).toString() == u"code"_s) {
            // A code block shows its code as it is.
            if (!visible.text.isEmpty())
                visible.text += u'\n';
            visible.text += model.data(index, MarkdownBlocks::CodeRole).toString();
        } else {
            addVisible(model.data(index, MarkdownBlocks::HtmlRole).toString(), &visible);
        }
    }
    return visible;
}

// Line breaks aside: a block's margins, not its text, tell it from the next.
QString lines(const QString &text)
{
    QStringList kept = text.split(u'\n');
    kept.removeIf([](const QString &line) { return line.trimmed().isEmpty(); });
    return kept.join(u'\n');
}

} // namespace

class TestCommonMarkSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameAsTheWholeDocument_data();
    void sameAsTheWholeDocument();

private:
    QList<Example> m_examples;
};

void TestCommonMarkSpec::initTestCase()
{
    QString error;
    m_examples = readExamples(QStringLiteral(CONFAB_COMMONMARK_SPEC), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(m_examples.size(), 652); // commonmark-spec 0.31.2
}

void TestCommonMarkSpec::sameAsTheWholeDocument_data()
{
    QTest::addColumn<QString>("markdown");
    // Images are excluded by rule: an example whose spec rendering has an <img>. MarkdownRenderer
    // shows an image as a link to it by design, with its alt text, and that link's text is what
    // the alt text's inlines render to, not the image's own.
    for (const Example &example : std::as_const(m_examples)) {
        if (example.html.contains(u"<img"_s))
            continue;
        QTest::addRow("%d %s", example.number, qPrintable(example.section)) << example.markdown;
    }
}

void TestCommonMarkSpec::sameAsTheWholeDocument()
{
    QFETCH(QString, markdown);
    MarkdownRenderer renderer;
    Visible whole;
    addVisible(renderer.toHtml(markdown), &whole);

    MarkdownBlocks blocks;
    blocks.setText(markdown);
    const Visible split = blocksVisible(blocks);
    QCOMPARE(lines(split.text), lines(whole.text));
    QCOMPARE(split.links, whole.links);

    // Streamed in token-sized pieces to a view that reads every row it hears of: the same again.
    MarkdownBlocks streamed;
    QRandomGenerator random(quint32(qHash(markdown)));
    for (qsizetype pos = 0; pos < markdown.size();) {
        const qsizetype length = std::min<qsizetype>(1 + random.bounded(6), markdown.size() - pos);
        streamed.appendText(QStringView(markdown).sliced(pos, length));
        pos += length;
        blocksVisible(streamed);
    }
    const Visible afterStream = blocksVisible(streamed);
    QCOMPARE(afterStream.text, split.text);
    QCOMPARE(afterStream.links, split.links);
}

int main(int argc, char **argv)
{
    // Rich text needs fonts, not a screen.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestCommonMarkSpec test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_commonmarkspec.moc"
