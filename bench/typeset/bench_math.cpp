// SPDX-License-Identifier: GPL-3.0-or-later
// How long MathJax takes in Qt's QJSEngine: loading the bundle, then typesetting and drawing
// formulas of the kinds replies hold (each new: nothing cached), one after another as a reply's
// would be. Wall time on the typesetter's own threads, so run it on a quiet machine:
//   build/debug/bench/typeset/bench_math [ROUNDS]
#include "mathtypesetter.h"
#include "scriptworker.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QStringList>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QStringList formulas{
    u"e^{i\\pi} + 1 = 0"_s,
    u"\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}"_s,
    u"\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}"_s,
    u"\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1} = \\frac{1}{ad-bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}"_s,
    u"\\nabla \\cdot \\mathbf{E} = \\frac{\\rho}{\\varepsilon_0}"_s,
    u"f(x) = \\begin{cases} x^2 & x \\ge 0 \\\\ -x & x < 0 \\end{cases}"_s,
    u"\\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}"_s,
    u"O(n \\log n)"_s,
};

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const int rounds = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 10;
    QTextStream out(stdout);

    // Loading: the first call waits for the bundle to be evaluated.
    QElapsedTimer timer;
    {
        ScriptWorker worker(u":/confab/js/mathjax.js"_s);
        bool done = false;
        QObject context;
        timer.start();
        worker.call(u"confabTexToSvg"_s, {u"x"_s, false}, &context,
                    [&done](const ScriptWorker::Result &) { done = true; });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        out << "load + first formula: " << timer.elapsed() << " ms\n";
    }

    MathTypesetter typesetter;
    typesetter.warmUp();
    MathStyle style;
    style.exHeight = 7.5;
    // Warm: the load is not counted below.
    auto typesetAll = [&](const QString &suffix) {
        QList<QString> waiting;
        for (const QString &formula : formulas)
            waiting.append(formula + suffix);
        while (!waiting.isEmpty()) {
            for (auto it = waiting.begin(); it != waiting.end();) {
                if (typesetter.formula(*it, false, style).state != MathTypesetter::Formula::State::Pending)
                    it = waiting.erase(it);
                else
                    ++it;
            }
            if (!waiting.isEmpty())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
    };
    typesetAll(u"+0"_s);
    QList<double> perFormula;
    for (int round = 1; round <= rounds; ++round) {
        timer.restart();
        typesetAll(u"+"_s + QString::number(round));
        perFormula.append(double(timer.nsecsElapsed()) / 1e6 / double(formulas.size()));
    }
    std::sort(perFormula.begin(), perFormula.end());
    out << "per formula (typeset + drawn), median of " << rounds << " rounds of " << formulas.size() << ": "
        << QString::number(perFormula.at(perFormula.size() / 2), 'f', 1) << " ms (min "
        << QString::number(perFormula.first(), 'f', 1) << ", max "
        << QString::number(perFormula.last(), 'f', 1) << ")\n";
    return 0;
}
