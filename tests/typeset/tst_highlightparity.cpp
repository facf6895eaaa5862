// SPDX-License-Identifier: GPL-3.0-or-later
// highlight.js in Qt's QJSEngine (the real bundle, with js/qjsengine-compat.mjs) against the same
// entry in Node.js, where highlight.js runs as its authors test it: every language on a few
// polyglot samples, and detection, must give the same runs (highlight-reference.mjs).
#include "codehighlighter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

class TestHighlightParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyLanguageAsInNodeJs()
    {
        QProcess node;
        node.setProgram(QStringLiteral(CONFAB_NODE));
        node.setArguments({QStringLiteral(CONFAB_TYPESET_TEST_DIR "/highlight-reference.mjs")});
        QSignalSpy finished(&node, &QProcess::finished);
        node.start();
        QVERIFY2(node.waitForStarted(), qPrintable(node.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(node.exitCode(), 0);
        const QJsonArray cases = QJsonDocument::fromJson(node.readAllStandardOutput()).array();
        QVERIFY2(cases.size() > 150 * 5, qPrintable(QString::number(cases.size())));

        CodeHighlighter highlighter;
        QStringList differ;
        int answered = 0;
        QObject context;
        for (const QJsonValue &value : cases) {
            const QJsonObject reference = value.toObject();
            const QString language = reference.value(u"language"_s).toString();
            const QString code = reference.value(u"code"_s).toString();
            const CodeHighlight expected =
                CodeHighlight::fromScript(reference.value(u"answer"_s).toVariant(), code.size());
            highlighter.highlight(
                language, code, CodeHighlighter::Keep::Forget, &context,
                [&, language, expected](const CodeHighlight &actual) {
                    ++answered;
                    if (actual.language != expected.language || actual.runs != expected.runs ||
                        actual.scopes != expected.scopes)
                        differ.append(language.isEmpty() ? u"(detected) "_s + expected.language : language);
                });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, int(cases.size()), 300000);
        differ.removeDuplicates();
        QVERIFY2(differ.isEmpty(), qPrintable(u"differ from Node.js: "_s + differ.join(u", "_s)));
    }
};

QTEST_GUILESS_MAIN(TestHighlightParity)
#include "tst_highlightparity.moc"
