// SPDX-License-Identifier: GPL-3.0-or-later
// MathTypesetter with the real MathJax bundle: formulas typeset, sized, coloured, failing with
// MathJax's message, and cached.
#include "mathtypesetter.h"

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

class TestMathTypesetter : public QObject
{
    Q_OBJECT

private:
    static constexpr int timeout = 60000; // MathJax loads in about half a second, more on a busy machine

    static MathStyle style(qreal ex = 8, QColor color = Qt::black, qreal ratio = 1)
    {
        MathStyle s;
        s.exHeight = ex;
        s.color = color;
        s.devicePixelRatio = ratio;
        return s;
    }

    // Asks until the formula is no longer pending, as a view does at each formulasReady().
    static MathTypesetter::Formula typeset(MathTypesetter &typesetter, const QString &tex, bool display,
                                           const MathStyle &s)
    {
        MathTypesetter::Formula formula = typesetter.formula(tex, display, s);
        QSignalSpy ready(&typesetter, &MathTypesetter::formulasReady);
        for (int round = 0; round < 4 && formula.state == MathTypesetter::Formula::State::Pending; ++round) {
            if (ready.isEmpty() && !ready.wait(timeout))
                break;
            ready.clear();
            formula = typesetter.formula(tex, display, s);
        }
        return formula;
    }

    // The colour of the most opaque pixel: the ink of the formula.
    static QColor ink(const QImage &image)
    {
        QColor best(Qt::transparent);
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (c.alpha() > best.alpha())
                    best = c;
            }
        }
        return best;
    }

private Q_SLOTS:
    void aFormulaBecomesAnImageOfItsSize()
    {
        MathTypesetter typesetter;
        QCOMPARE(typesetter.formula(u"a^2+b^2=c^2"_s, false, style()).state,
                 MathTypesetter::Formula::State::Pending);
        const auto formula = typeset(typesetter, u"a^2+b^2=c^2"_s, false, style());
        QVERIFY2(formula.state == MathTypesetter::Formula::State::Ready, qPrintable(formula.error));
        const QImage image = typesetter.image(formula.imageId);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), formula.size.toSize());
        // MathJax makes it 11.893ex wide and 2.072ex high: at an x-height of 8 px, 96 by 17.
        QCOMPARE(formula.size, QSizeF(96, 17));
        QCOMPARE(ink(image).alpha(), 255);
        QCOMPARE(typesetter.pendingFormulas(), 0);
    }

    void itsSizeFollowsTheText()
    {
        MathTypesetter typesetter;
        const auto small = typeset(typesetter, u"\\frac{1}{2}"_s, false, style(6));
        const auto large = typeset(typesetter, u"\\frac{1}{2}"_s, false, style(12));
        QVERIFY2(large.state == MathTypesetter::Formula::State::Ready, qPrintable(large.error));
        QVERIFY(std::abs(large.size.width() - 2 * small.size.width()) <= 1);
        QVERIFY(std::abs(large.size.height() - 2 * small.size.height()) <= 1);
        // Displayed, a sum's limits go above and below it: taller than inline.
        const auto inlineSum = typeset(typesetter, u"\\sum_{i=1}^n i"_s, false, style());
        const auto displaySum = typeset(typesetter, u"\\sum_{i=1}^n i"_s, true, style());
        QVERIFY(displaySum.size.height() > inlineSum.size.height() + 4);
    }

    void aSharpScreenGetsMorePixels()
    {
        MathTypesetter typesetter;
        const auto formula = typeset(typesetter, u"x_1"_s, false, style(8, Qt::black, 2));
        const QImage image = typesetter.image(formula.imageId);
        QCOMPARE(image.devicePixelRatio(), 2.0);
        QCOMPARE(image.size(), (formula.size * 2).toSize());
    }

    void itTakesTheTextsColour()
    {
        MathTypesetter typesetter;
        const QColor text(0xe3, 0xe3, 0xe3);
        const auto light = typeset(typesetter, u"\\alpha"_s, false, style(8, text));
        const QColor shown = ink(typesetter.image(light.imageId));
        QCOMPARE(shown.rgb(), text.rgb());
        const auto red = typeset(typesetter, u"\\alpha"_s, false, style(8, Qt::red));
        QCOMPARE(ink(typesetter.image(red.imageId)).rgb(), QColor(Qt::red).rgb());
        QVERIFY(red.imageId != light.imageId);
    }

    void aBadFormulaFailsWithMathJaxsMessage_data()
    {
        QTest::addColumn<QString>("tex");
        QTest::addColumn<QString>("error");
        QTest::newRow("undefined") << u"\\frac{1}{\\nosuchmacro}"_s
                                   << u"Undefined control sequence \\nosuchmacro"_s;
        QTest::newRow("brace") << u"\\frac{1}{"_s << u"Missing close brace"_s;
        QTest::newRow("environment") << u"\\begin{matrix} a"_s << u"Missing \\end{matrix}"_s;
    }

    void aBadFormulaFailsWithMathJaxsMessage()
    {
        QFETCH(QString, tex);
        QFETCH(QString, error);
        MathTypesetter typesetter;
        const auto formula = typeset(typesetter, tex, false, style());
        QCOMPARE(formula.state, MathTypesetter::Formula::State::Failed);
        QVERIFY2(formula.error.contains(error), qPrintable(formula.error));
        QVERIFY(formula.imageId.isEmpty());
    }

    void eachFormulaIsTypesetOnce()
    {
        MathTypesetter typesetter;
        const auto first = typeset(typesetter, u"e^{i\\pi}+1=0"_s, false, style());
        QVERIFY2(first.state == MathTypesetter::Formula::State::Ready, qPrintable(first.error));
        QCOMPARE(typesetter.typesetCount(), 1);
        QCOMPARE(typesetter.drawCount(), 1);

        // Again: from the cache, at once.
        const auto again = typesetter.formula(u"e^{i\\pi}+1=0"_s, false, style());
        QCOMPARE(again.state, MathTypesetter::Formula::State::Ready);
        QCOMPARE(again.imageId, first.imageId);

        // Another colour (a theme change): drawn again, not typeset again.
        const auto dark = typeset(typesetter, u"e^{i\\pi}+1=0"_s, false, style(8, Qt::white));
        QCOMPARE(dark.state, MathTypesetter::Formula::State::Ready);
        QCOMPARE(typesetter.typesetCount(), 1);
        QCOMPARE(typesetter.drawCount(), 2);

        // Displayed, the same source is another formula.
        typeset(typesetter, u"e^{i\\pi}+1=0"_s, true, style());
        QCOMPARE(typesetter.typesetCount(), 2);

        // A failure is cached too.
        typeset(typesetter, u"\\oops"_s, false, style());
        QCOMPARE(typesetter.formula(u"\\oops"_s, false, style()).state,
                 MathTypesetter::Formula::State::Failed);
        QCOMPARE(typesetter.typesetCount(), 3);
    }

    void theBaselineSitsWhereTheTextCentresImages()
    {
        MathTypesetter typesetter;
        MathStyle padded = style(8);
        padded.imageCentre = 6;
        // y_1 (1.464ex high, 0.464ex deep) reaches 8 px above its baseline and 3.7 below:
        // centred 6 px above the baseline, its image has 7.7 px more at the top (3.7 + 2 * 6 - 8).
        const auto exact = typeset(typesetter, u"y_1"_s, false, style(8));
        const auto centred = typeset(typesetter, u"y_1"_s, false, padded);
        QVERIFY2(centred.state == MathTypesetter::Formula::State::Ready, qPrintable(centred.error));
        QVERIFY2(centred.size.height() >= exact.size.height() + 7 &&
                     centred.size.height() <= exact.size.height() + 9,
                 qPrintable(u"%1 against %2"_s.arg(centred.size.height()).arg(exact.size.height())));
        QCOMPARE(centred.size.width(), exact.size.width());
    }

    void aMissingBundleFailsEveryFormula()
    {
        MathTypesetter typesetter(u"/nonexistent/mathjax.js"_s, nullptr);
        const auto formula = typeset(typesetter, u"x"_s, false, style());
        QCOMPARE(formula.state, MathTypesetter::Formula::State::Failed);
        QVERIFY2(formula.error.contains(u"could not be read"_s), qPrintable(formula.error));
    }
};

QTEST_MAIN(TestMathTypesetter)
#include "tst_mathtypesetter.moc"
