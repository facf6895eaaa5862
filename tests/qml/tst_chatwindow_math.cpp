// SPDX-License-Identifier: GPL-3.0-or-later
// TestChatWindow, continued: a reply's math typeset in the window by the real MathJax, its prices
// left alone, its formulas copied as TeX.
#include "tst_chatwindow.h"
#include "windowsettings.h"

#include <QClipboard>
#include <QGuiApplication>

namespace {

// The text block of the last reply that shows `needle` in its rich text.
QQuickItem *textBlockWith(QQuickItem *root, const QString &needle)
{
    QQuickItem *found = nullptr;
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    for (QQuickItem *item : all) {
        if (item->metaObject()->indexOfMethod("selectedSource()") >= 0 &&
            item->property("text").toString().contains(needle))
            found = item;
    }
    return found;
}

} // namespace

void TestChatWindow::aFormulaInAReplyIsTypesetAndCopiedAsTeX()
{
    start();
    const QString reply = u"Euler: $e^{i\\pi} + 1 = 0$, so \\(a_1 + b_1\\), for $5 and $10.\n"
                          u"$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\n"
                          u"Wrong: \\(\\oops\\)."_s;
    QVERIFY(exchange(u"Some math"_s, {reply.first(20), reply.sliced(20, 30), reply.sliced(50)}, u"Math"_s));

    QQuickItem *block = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((block = textBlockWith(m_window->contentItem(), u"confab-math-error:"_s)) &&
                                 block->property("text").toString().count(u"image://confabmath/"_s) == 3,
                             60000);
    QVERIFY(waitForFrame());
    QString shown = shownText(block);
    shown.replace(QChar::ParagraphSeparator, u'\n');
    QCOMPARE(shown, u"Euler: \uFFFC, so \uFFFC, for $5 and $10.\n\uFFFC\nWrong: \\(\\oops\\)."_s);

    // Each image is drawn: its rectangle holds the text's colour, not only the background.
    const QImage window = m_window->grabWindow();
    const int first = int(shown.indexOf(QChar::ObjectReplacementCharacter));
    QRectF rect;
    QMetaObject::invokeMethod(block, "positionToRectangle", Q_RETURN_ARG(QRectF, rect), Q_ARG(int, first));
    const QPointF topLeft = block->mapToScene(rect.topLeft());
    QRectF next;
    QMetaObject::invokeMethod(block, "positionToRectangle", Q_RETURN_ARG(QRectF, next),
                              Q_ARG(int, first + 1));
    const qreal ratio = m_window->effectiveDevicePixelRatio();
    const QRect imageRect = QRectF(topLeft, QSizeF(next.x() - rect.x(), rect.height()))
                                .toAlignedRect()
                                .intersected(QRect(QPoint(0, 0), window.size() / ratio));
    QVERIFY2(imageRect.width() > 60, qPrintable(u"the formula is %1 px wide"_s.arg(imageRect.width())));
    const QColor background = window.pixelColor((imageRect.topLeft() - QPoint(4, 0)) * ratio);
    int ink = 0;
    for (int y = imageRect.top(); y <= imageRect.bottom(); ++y) {
        for (int x = imageRect.left(); x <= imageRect.right(); ++x) {
            const QColor c = window.pixelColor(QPoint(x, y) * ratio);
            ink += std::abs(c.lightness() - background.lightness()) > 100;
        }
    }
    QVERIFY2(ink > 30, qPrintable(u"%1 pixels of ink"_s.arg(ink)));

    // Copied, the formulas are their TeX again.
    block->forceActiveFocus();
    QMetaObject::invokeMethod(block, "selectAll");
    QTest::keySequence(m_window, QKeySequence::Copy);
    QTRY_COMPARE_WITH_TIMEOUT(QGuiApplication::clipboard()->text(),
                              u"Euler: $e^{i\\pi} + 1 = 0$, so \\(a_1 + b_1\\), for $5 and $10.\n"
                              u"$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\nWrong: \\(\\oops\\)."_s,
                              timeout);
}

namespace {

// How many formulas all the text blocks below `root` show as images, and how many wait.
std::pair<int, int> formulaImages(QQuickItem *root)
{
    int images = 0;
    int pending = 0;
    const QList<QQuickItem *> all = visibleItemsBelow(root);
    for (QQuickItem *item : all) {
        if (item->metaObject()->indexOfMethod("selectedSource()") < 0)
            continue;
        images += int(item->property("text").toString().count(u"image://confabmath/"_s));
        if (auto *math = item->property("math").value<QObject *>())
            pending += math->property("pending").toInt();
    }
    return {images, pending};
}

// The lightness of the darkest and of the lightest pixel in `rect` of `image`.
std::pair<int, int> lightnessRange(const QImage &image, const QRect &rect)
{
    int darkest = 255;
    int lightest = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const int l = image.pixelColor(x, y).lightness();
            darkest = std::min(darkest, l);
            lightest = std::max(lightest, l);
        }
    }
    return {darkest, lightest};
}

} // namespace

// The screenshot docs/ui.md shows: a reply with code in three languages and inline and display
// math, in the light and the dark theme; its formulas drawn in each theme's text colour.
// CONFAB_SCREENSHOT_DIR=docs/screenshots saves them (scripts/screenshots.sh does).
void TestChatWindow::aReplyWithCodeAndMathInBothThemes()
{
    start();
    m_window->resize(1100, 860);
    const QString reply =
        u"The sum of the first $n$ squares, \\(\\sum_{k=1}^{n} k^2\\), has a closed form:\n\n"
        u"$$\\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}$$\n\n"
        u"```python\ndef squares(n: int) -> int:\n    return sum(k * k for k in range(1, n + 1))  # "
        u"O(n)\n```\n\n"
        u"```rust\nfn squares(n: u64) -> u64 {\n    (1..=n).map(|k| k * k).sum()\n}\n```\n\n"
        u"```js\nconst squares = (n) => (n * (n + 1) * (2 * n + 1)) / 6; // O(1)\n```\n\n"
        u"The loops take $O(n)$ steps; the formula takes one, and for $n = 10$ gives $385$."_s;
    QVERIFY(exchange(u"Sum of squares in three languages, with the math"_s,
                     {reply.first(120), reply.sliced(120)}, u"Sums of squares"_s));

    const QString folder = qEnvironmentVariable("CONFAB_SCREENSHOT_DIR");
    for (const QString &theme : {u"light"_s, u"dark"_s}) {
        m_context->window()->setTheme(theme);
        // Every formula typeset (again, in the theme's colour) before the picture.
        QTRY_VERIFY_WITH_TIMEOUT(formulaImages(m_window->contentItem()) == std::make_pair(6, 0), 60000);
        QTest::mouseMove(m_window, QPoint(m_window->width() - 10, m_window->height() / 2)); // no tooltip
        QVERIFY(waitForFrame());
        const QImage shot = m_window->grabWindow();
        QVERIFY(!shot.isNull());

        if (!folder.isEmpty()) {
            const QString file = QDir(folder).filePath(u"13-code-and-math-%1.png"_s.arg(theme));
            QVERIFY2(shot.save(file), qPrintable(file));
            qInfo("saved %s", qPrintable(file));
        }

        // The display formula, drawn in the theme's text colour on its background.
        QQuickItem *block = nullptr;
        for (QQuickItem *item : visibleItemsBelow(m_window->contentItem())) {
            if (item->metaObject()->indexOfMethod("selectedSource()") >= 0 &&
                shownText(item) == QString(QChar::ObjectReplacementCharacter))
                block = item; // the block of the display formula alone
        }
        QVERIFY(block);
        const int display = 0;
        QRectF start;
        QRectF end;
        QMetaObject::invokeMethod(block, "positionToRectangle", Q_RETURN_ARG(QRectF, start),
                                  Q_ARG(int, display));
        QMetaObject::invokeMethod(block, "positionToRectangle", Q_RETURN_ARG(QRectF, end),
                                  Q_ARG(int, display + 1));
        const qreal ratio = m_window->effectiveDevicePixelRatio();
        const QRectF formula(block->mapToScene(start.topLeft()), QSizeF(end.x() - start.x(), start.height()));
        QVERIFY2(formula.width() > 100, qPrintable(u"%1 px wide"_s.arg(formula.width())));
        const auto [darkest, lightest] =
            lightnessRange(shot, QRectF(formula.topLeft() * ratio, formula.size() * ratio).toAlignedRect());
        if (theme == u"dark"_s)
            QVERIFY2(lightest > 180 && darkest < 60, qPrintable(u"%1…%2"_s.arg(darkest).arg(lightest)));
        else
            QVERIFY2(darkest < 80 && lightest > 200, qPrintable(u"%1…%2"_s.arg(darkest).arg(lightest)));
    }
}
