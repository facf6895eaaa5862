// SPDX-License-Identifier: GPL-3.0-or-later
// Code blocks in the window: coloured by highlight.js in the light and the dark theme, the text
// itself plain (what is shown and copied is the code).
#include "tst_chatwindow.h"

#include <QQuickTextDocument>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

namespace {

const QString pythonCode = u"def area(r):\n    return 3.14159 * r * r  # a circle\n"_s;
const QString rustCode = u"fn main() {\n    let name = \"Confab\";\n    println!(\"{}\", name);\n}\n"_s;

// The colours laid on a code block's document, as #rrggbb.
QSet<QString> documentColours(QQuickItem *codeText)
{
    QSet<QString> colours;
    auto *document = codeText ? codeText->property("textDocument").value<QQuickTextDocument *>() : nullptr;
    if (!document)
        return colours;
    for (QTextBlock block = document->textDocument()->begin(); block.isValid(); block = block.next()) {
        const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
        for (const QTextLayout::FormatRange &range : formats) {
            if (range.format.hasProperty(QTextFormat::ForegroundBrush))
                colours.insert(range.format.foreground().color().name());
        }
    }
    return colours;
}

// How many of the item's pixels on screen are close to `colour` (glyphs are antialiased).
int pixelsNear(QQuickWindow *window, QQuickItem *item, const QColor &colour)
{
    const QImage shot = window->grabWindow();
    const qreal scale = shot.width() / qreal(window->width());
    const QRectF area = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    const QRect pixels = QRectF(area.topLeft() * scale, area.size() * scale).toRect() & shot.rect();
    int near = 0;
    for (int y = pixels.top(); y <= pixels.bottom(); ++y) {
        for (int x = pixels.left(); x <= pixels.right(); ++x) {
            const QColor pixel = shot.pixelColor(x, y);
            if (std::abs(pixel.red() - colour.red()) + std::abs(pixel.green() - colour.green()) +
                    std::abs(pixel.blue() - colour.blue()) <
                60)
                ++near;
        }
    }
    return near;
}

} // namespace

void TestChatWindow::codeBlocksAreColouredInBothThemes()
{
    start();
    m_window->setProperty("themeMode", u"light"_s);
    const QString reply =
        u"Two languages:\n\n```python\n"_s + pythonCode + u"```\n\nand\n\n```rs\n"_s + rustCode + u"```\n"_s;
    QVERIFY(exchange(u"code please"_s, {reply.left(40), reply.mid(40, 50), reply.mid(90)}, u"Code"_s));

    QList<QQuickItem *> blocks;
    QTRY_VERIFY_WITH_TIMEOUT((blocks = visibleItems(m_window->contentItem(), u"codeText"_s)).size() == 2,
                             timeout);
    // The text is the code as it was written, whatever its colours.
    QCOMPARE(shownText(blocks.at(0)), pythonCode.chopped(1));
    QCOMPARE(shownText(blocks.at(1)), rustCode.chopped(1));

    // highlight.js's GitHub light theme: keywords, strings, comments, numbers, function names.
    const QSet<QString> light{u"#d73a49"_s, u"#032f62"_s, u"#6a737d"_s, u"#005cc5"_s, u"#6f42c1"_s};
    for (QQuickItem *block : std::as_const(blocks)) {
        QTRY_VERIFY2_WITH_TIMEOUT(documentColours(block).intersect(light).size() >= 3,
                                  qPrintable(QStringList(documentColours(block).values()).join(u' ')),
                                  timeout);
    }
    QVERIFY(waitForFrame());
    QVERIFY2(pixelsNear(m_window, blocks.at(0), QColor(u"#d73a49"_s)) > 10, "no keyword red on screen");

    // The dark theme colours the same code with its own palette, without highlighting it again.
    auto *highlighting = blocks.at(0)->findChild<QObject *>(u"codeHighlighting"_s);
    QVERIFY(highlighting);
    QCOMPARE(highlighting->property("highlightedLanguage").toString(), u"python"_s);
    QCOMPARE(highlighting->property("coveredLength").toInt(), pythonCode.chopped(1).size());
    const int calls = m_context->codeHighlighter()->scriptCalls();
    m_window->setProperty("themeMode", u"dark"_s);
    const QSet<QString> dark{u"#ff7b72"_s, u"#a5d6ff"_s, u"#8b949e"_s, u"#79c0ff"_s, u"#d2a8ff"_s};
    for (QQuickItem *block : std::as_const(blocks)) {
        QTRY_VERIFY2_WITH_TIMEOUT(documentColours(block).intersect(dark).size() >= 3,
                                  qPrintable(QStringList(documentColours(block).values()).join(u' ')),
                                  timeout);
        QVERIFY(documentColours(block).intersect(light).isEmpty());
    }
    QVERIFY(waitForFrame());
    QVERIFY2(pixelsNear(m_window, blocks.at(1), QColor(u"#ff7b72"_s)) > 10, "no keyword red on screen");
    QCOMPARE(m_context->codeHighlighter()->scriptCalls(), calls);
    QVERIFY2(m_warnings.isEmpty(), qPrintable(m_warnings.value(0).toString()));
}
