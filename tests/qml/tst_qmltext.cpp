// SPDX-License-Identifier: GPL-3.0-or-later
// The window's QML shows text from outside (titles, server errors, model names, a reply's code
// language) as written. A Label, a Text or the style's own text items (buttons, menu items, the
// attached ToolTip, a ComboBox's list) render anything that looks like HTML, and an <img src> in
// it makes Qt fetch the URL. This reads every file in src/ui/qml/ and fails when:
// - a Label, Text, TextEdit or TextArea does not say how it reads its text (textFormat): use
//   PlainLabel, or state the format of text we built;
// - a ComboBox or a ToolTip is the style's (use PlainComboBox, PlainToolTip);
// - a style-drawn text (a button's or a menu item's text, ToolTip.text) is anything but our own
//   words (qsTr or a literal, perhaps chosen by a condition), unless the control draws its text
//   with a contentItem of its own.
// It also holds the QML to the component rules (checkComponents): no colour literal and no pixel
// literal (a number but 0 and 1 in a size, margin, spacing, padding, radius or font size; a factor
// after * or / aside) outside Theme.qml, and AppContext only in the top-level panes.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct Finding
{
    int line = 0;
    QString problem;
};

// The source with its comments and the insides of its strings blanked (quotes kept), so that
// braces and words in them do not count; offsets and lines stay those of the source.
QString masked(const QString &source)
{
    QString out = source;
    enum { Code, LineComment, BlockComment, String } state = Code;
    QChar quote;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = source.at(i);
        const QChar next = i + 1 < source.size() ? source.at(i + 1) : QChar();
        switch (state) {
        case Code:
            if (c == u'/' && next == u'/') {
                state = LineComment;
                out[i] = u' ';
            } else if (c == u'/' && next == u'*') {
                state = BlockComment;
                out[i] = u' ';
            } else if (c == u'"' || c == u'\'' || c == u'`') {
                state = String;
                quote = c;
            }
            break;
        case LineComment:
            if (c == u'\n')
                state = Code;
            else
                out[i] = u' ';
            break;
        case BlockComment:
            if (c == u'*' && next == u'/') {
                out[i] = out[i + 1] = u' ';
                ++i;
                state = Code;
            } else if (c != u'\n') {
                out[i] = u' ';
            }
            break;
        case String:
            if (c == u'\\' && i + 1 < out.size()) {
                out[i] = out[i + 1] = u' ';
                ++i;
            } else if (c == quote) {
                state = Code;
            } else if (c != u'\n') {
                out[i] = u' ';
            }
            break;
        }
    }
    return out;
}

qsizetype matchingBrace(const QString &code, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < code.size(); ++i) {
        if (code.at(i) == u'{')
            ++depth;
        else if (code.at(i) == u'}' && --depth == 0)
            return i;
    }
    return code.size();
}

// An element's own bindings: its body with the nested blocks (children, handlers) blanked.
QString ownBindings(const QString &code, qsizetype open, qsizetype close)
{
    QString result = code.mid(open + 1, close - open - 1);
    int depth = 0;
    for (qsizetype i = 0; i < result.size(); ++i) {
        const QChar c = result.at(i);
        if (c == u'{')
            ++depth;
        const bool nested = depth > 0;
        if (c == u'}')
            --depth;
        if (nested && c != u'\n')
            result[i] = u' ';
    }
    return result;
}

// A binding's expression, from after "name:" to its end (continued on lines that start with an
// operator, or while a bracket is open).
QString expressionAt(const QString &code, qsizetype start)
{
    qsizetype end = start;
    int open = 0;
    while (end < code.size()) {
        const QChar c = code.at(end);
        if (c == u'(' || c == u'[')
            ++open;
        else if (c == u')' || c == u']')
            --open;
        else if (c == u'\n' && open <= 0) {
            static const QRegularExpression continued(u"^\\s*([?:+.]|&&|\\|\\|)"_s);
            if (!continued.match(code.mid(end + 1, 80)).hasMatch())
                break;
        }
        ++end;
    }
    return code.mid(start, end - start).trimmed();
}

// Whether an expression (strings blanked) is only our own words: qsTr("…") or literals, maybe
// chosen by conditions. Anything else, .arg() included, may carry outside text.
bool ourOwnWords(QString expression)
{
    static const QRegularExpression translated(uR"(qsTr\(\s*"\s*"(\s*,\s*"\s*"\s*)?\))"_s);
    static const QRegularExpression literal(uR"("\s*"|'\s*')"_s);
    static const QRegularExpression choice(uR"(^\s*([^?:]+\?\s*S\s*:\s*)*S\s*$)"_s);
    expression.replace(translated, u"S"_s);
    expression.replace(literal, u"S"_s);
    return choice.match(expression.simplified()).hasMatch();
}

int lineOf(const QString &code, qsizetype offset)
{
    return int(code.left(offset).count(u'\n')) + 1;
}

QList<Finding> check(const QString &fileName, const QString &source)
{
    static const QStringList textItems{u"Label"_s, u"Text"_s, u"TextEdit"_s, u"TextArea"_s};
    static const QStringList styleDrawn{
        u"Button"_s,        u"ToolButton"_s,    u"RoundButton"_s,   u"MenuItem"_s,
        u"ItemDelegate"_s,  u"Switch"_s,        u"CheckBox"_s,      u"RadioButton"_s,
        u"TabButton"_s,     u"DelayButton"_s,   u"CheckDelegate"_s, u"SwitchDelegate"_s,
        u"RadioDelegate"_s, u"SwipeDelegate"_s, u"MenuBarItem"_s,   u"Action"_s};
    static const QRegularExpression element(uR"((?<![\w.])([A-Z]\w*)\s*\{)"_s);
    static const QRegularExpression textFormat(uR"((^|[\n;])\s*textFormat\s*:)"_s);
    static const QRegularExpression contentItem(uR"((^|[\n;])\s*contentItem\s*:)"_s);
    static const QRegularExpression textBinding(uR"((^|[\n;])\s*text\s*:)"_s);
    static const QRegularExpression attachedToolTip(uR"((?<![\w.])ToolTip\.text\s*:)"_s);

    const QString code = masked(source);
    QList<Finding> findings;
    for (const QRegularExpressionMatch &match : element.globalMatch(code)) {
        const QString type = match.captured(1);
        const qsizetype open = match.capturedEnd() - 1;
        const QString own = ownBindings(code, open, matchingBrace(code, open));
        const int line = lineOf(code, match.capturedStart(1));
        if (textItems.contains(type) && !textFormat.match(own).hasMatch())
            findings.append(
                {line, type + u" without a textFormat: use PlainLabel, or say what the text is"_s});
        if (type == u"ComboBox"_s && fileName != u"PlainComboBox.qml"_s)
            findings.append({line, u"the style's ComboBox renders its choices as HTML: use PlainComboBox"_s});
        if (type == u"ToolTip"_s && fileName != u"PlainToolTip.qml"_s)
            findings.append({line, u"the style's ToolTip renders HTML: use PlainToolTip"_s});
        if (styleDrawn.contains(type) && !contentItem.match(own).hasMatch()) {
            const QRegularExpressionMatch text = textBinding.match(own);
            if (text.hasMatch() && !ourOwnWords(expressionAt(own, text.capturedEnd())))
                findings.append({line, type + u"'s text is drawn as HTML by the style: only our own words"
                                              " there, or a plain contentItem (PlainMenuItem)"_s});
        }
    }
    for (const QRegularExpressionMatch &match : attachedToolTip.globalMatch(code)) {
        if (!ourOwnWords(expressionAt(code, match.capturedEnd())))
            findings.append(
                {lineOf(code, match.capturedStart()),
                 u"ToolTip.text is drawn as HTML: only our own words there, or a PlainToolTip"_s});
    }
    return findings;
}

// The files that may reach into AppContext: the window, its panes and its dialogs.
const QStringList topLevelPanes{
    u"Main.qml"_s,           u"ChatPane.qml"_s,       u"Sidebar.qml"_s,           u"Composer.qml"_s,
    u"SettingsDialog.qml"_s, u"FirstRunDialog.qml"_s, u"ChatSettingsDialog.qml"_s};

QList<Finding> checkComponents(const QString &fileName, const QString &source)
{
    static const QRegularExpression colourLiteral(
        uR"("#[0-9a-fA-F]{3,8}"|'#[0-9a-fA-F]{3,8}'|\bQt\.(rgba|hsla|hsva|rgb)\s*\()"_s);
    static const QRegularExpression geometry(
        uR"((^|[\n;{])\s*((anchors|Layout|SplitView|font|border)\.)?(x|y|(implicit|minimum|maximum|preferred|content)?(Width|Height|width|height)|(row|column)?[sS]pacing|radius|(left|right|top|bottom|horizontal|vertical)?[pP]adding|margins|(left|right|top|bottom)Margin|pixelSize|pointSize|cacheBuffer)\s*:)"_s);
    static const QRegularExpression number(uR"((?<![\w.])\d+(\.\d+)?(?![\w.]))"_s);
    static const QRegularExpression factor(uR"([*/]\s*$)"_s);
    static const QRegularExpression appContext(uR"((?<![\w.])AppContext\b)"_s);

    // Colours are strings, blanked in the masked code: found in the source, kept where the code
    // still has the string's opening quote (or the call), that is out of comments.
    const QString code = masked(source);
    QList<Finding> findings;
    if (fileName == u"Theme.qml"_s)
        return findings;
    for (const QRegularExpressionMatch &match : colourLiteral.globalMatch(source)) {
        if (code.at(match.capturedStart()) == source.at(match.capturedStart()))
            findings.append({lineOf(code, match.capturedStart()), u"a colour literal: name it in Theme"_s});
    }
    for (const QRegularExpressionMatch &match : geometry.globalMatch(code)) {
        // Up to a `;` that ends the binding on its line.
        const QString expression = expressionAt(code, match.capturedEnd()).section(u';', 0, 0);
        for (const QRegularExpressionMatch &literal : number.globalMatch(expression)) {
            const double value = literal.captured().toDouble();
            if (value == 0 || value == 1 || factor.match(expression.left(literal.capturedStart())).hasMatch())
                continue;
            findings.append({lineOf(code, match.capturedStart(4)),
                             u"a pixel literal (%1): name the size in Theme"_s.arg(literal.captured())});
        }
    }
    if (!topLevelPanes.contains(fileName)) {
        const QRegularExpressionMatch match = appContext.match(code);
        if (match.hasMatch())
            findings.append(
                {lineOf(code, match.capturedStart()),
                 u"AppContext in a component: take what it shows as a required property and "
                 "say what happened through a signal (only the panes of tst_qmltext reach it)"_s});
    }
    return findings;
}

struct QmlFile
{
    QString name;
    QString source; // empty when it cannot be read
};

// Every file of the window's QML.
QList<QmlFile> windowQml()
{
    const QDir dir(QStringLiteral(CONFAB_QML_SOURCE_DIR));
    QList<QmlFile> files;
    for (const QString &name : dir.entryList({u"*.qml"_s}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        files.append({name, file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString()});
    }
    return files;
}

QStringList problemsIn(const QList<QmlFile> &files, QList<Finding> (*rules)(const QString &, const QString &))
{
    QStringList problems;
    for (const QmlFile &file : files) {
        const QList<Finding> findings = rules(file.name, file.source);
        for (const Finding &finding : findings)
            problems.append(u"src/ui/qml/%1:%2: %3"_s.arg(file.name).arg(finding.line).arg(finding.problem));
    }
    return problems;
}

} // namespace

class TestQmlText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QString>("qml");
        QTest::addColumn<int>("findings");

        QTest::newRow("bare Label") << u"Item {\n Label {\n  text: model.title\n }\n}"_s << 1;
        QTest::newRow("bare Text") << u"Text { text: name }"_s << 1;
        QTest::newRow("contentItem Text") << u"Button {\n contentItem: Text { text: parent.text }\n}"_s << 1;
        QTest::newRow("Label with a textFormat")
            << u"Label {\n textFormat: Text.PlainText\n text: t\n}"_s << 0;
        QTest::newRow("textFormat of a child only")
            << u"Label {\n text: t\n Item { Text { textFormat: Text.PlainText } }\n}"_s << 1;
        QTest::newRow("textFormat in a comment") << u"Label {\n // textFormat: Text.PlainText\n}"_s << 1;
        QTest::newRow("textFormat in a string") << u"Label {\n text: \"textFormat: x\"\n}"_s << 1;
        QTest::newRow("PlainLabel") << u"PlainLabel {\n text: model.title\n}"_s << 0;
        QTest::newRow("TextArea") << u"TextArea {\n id: input\n}"_s << 1;
        QTest::newRow("ComboBox") << u"ComboBox {\n model: AppContext.models\n}"_s << 1;
        QTest::newRow("PlainComboBox") << u"PlainComboBox {\n model: AppContext.models\n}"_s << 0;
        QTest::newRow("ToolTip element") << u"Item { ToolTip { text: name } }"_s << 1;
        QTest::newRow("attached ToolTip, ours") << u"Button {\n ToolTip.text: qsTr(\"Enter\")\n}"_s << 0;
        QTest::newRow("attached ToolTip, chosen")
            << u"Button {\n ToolTip.text: busy ? qsTr(\"Esc\") : qsTr(\"Enter\")\n}"_s << 0;
        QTest::newRow("attached ToolTip, outside") << u"Item {\n ToolTip.text: model.name\n}"_s << 1;
        QTest::newRow("attached ToolTip, arg")
            << u"Item {\n ToolTip.text: qsTr(\"On %1\").arg(server)\n}"_s << 1;
        QTest::newRow("MenuItem, ours") << u"MenuItem {\n text: qsTr(\"Rename\")\n}"_s << 0;
        QTest::newRow("MenuItem, outside") << u"MenuItem {\n text: name\n}"_s << 1;
        QTest::newRow("Button, arg") << u"Button {\n text: qsTr(\"Use %1\").arg(name)\n}"_s << 1;
        QTest::newRow("Button, plural") << u"Button {\n text: qsTr(\"%n model(s)\", \"\", n)\n}"_s << 1;
        QTest::newRow("Button, concatenated") << u"Button {\n text: qsTr(\"Use \")\n  + name\n}"_s << 1;
        QTest::newRow("Button, literal") << u"ToolButton {\n text: \"\\u2715\"\n}"_s << 0;
        QTest::newRow("Button, chosen on two lines")
            << u"Button {\n text: open ? qsTr(\"Close\")\n  : qsTr(\"Open\")\n}"_s << 0;
        QTest::newRow("Button, plain contentItem")
            << u"Button {\n text: name\n contentItem: PlainLabel { text: parent.text }\n}"_s << 0;
        QTest::newRow("handler text")
            << u"Button {\n text: qsTr(\"A\")\n onClicked: { text = name }\n}"_s << 0;
    }

    void rules()
    {
        QFETCH(QString, qml);
        QFETCH(int, findings);
        QCOMPARE(check(u"Test.qml"_s, qml).size(), findings);
    }

    // The rules, on every file of the window.
    void windowQmlShowsOutsideTextAsWritten()
    {
        const QList<QmlFile> files = windowQml();
        QVERIFY(files.size() > 20);
        for (const QmlFile &file : files)
            QVERIFY2(!file.source.isEmpty(), qPrintable(file.name));
        const QStringList problems = problemsIn(files, check);
        QVERIFY2(problems.isEmpty(), qPrintable(u"\n"_s + problems.join(u'\n')));
    }
    void componentRules_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("qml");
        QTest::addColumn<int>("findings");
        struct Case
        {
            const char *tag, *file, *qml;
            int findings;
        };
        static const Case cases[] = {
            {"colour", "Test.qml", "Rectangle {\n color: \"#ffffff\"\n}", 1},
            {"colours chosen", "Test.qml", "Rectangle {\n color: dark ? \"#000\" : \"#fff\"\n}", 2},
            {"rgba", "Test.qml", "Rectangle {\n color: Qt.rgba(0, 0, 0, 0.5)\n}", 1},
            {"theme colour", "Test.qml", "Rectangle {\n color: Theme.window\n}", 0},
            {"colour in a comment", "Test.qml", "Item {\n // was \"#ffffff\"\n}", 0},
            {"colour in Theme", "Theme.qml", "QtObject {\n property color c: \"#fff\"\n}", 0},
            {"pixel size", "Test.qml", "Label {\n font.pixelSize: 12\n}", 1},
            {"margin", "Test.qml", "Item {\n anchors.leftMargin: 16\n}", 1},
            {"size in an expression", "Test.qml", "Item {\n implicitHeight: row.implicitHeight + 12\n}", 1},
            {"layout", "Test.qml", "Item {\n Layout.preferredWidth: 240\n}", 1},
            {"two on a line", "Test.qml", "Item {\n x: 8; y: 8\n}", 2},
            {"hairline and none", "Test.qml", "Rectangle {\n width: 1\n spacing: 0\n}", 0},
            {"factor", "Test.qml", "Rectangle {\n radius: Theme.radius * 1.6\n}", 0},
            {"theme size", "Test.qml", "Item {\n spacing: Theme.spacing\n}", 0},
            {"not a size", "Test.qml", "Timer {\n interval: 500\n}", 0},
            {"size in a string", "Test.qml", "Label {\n text: \"width: 12\"\n}", 0},
            {"AppContext in a component", "Test.qml", "Item {\n visible: AppContext.canSend\n}", 1},
            {"AppContext in a pane", "ChatPane.qml", "Item {\n visible: AppContext.canSend\n}", 0},
            {"AppContext in a comment", "Test.qml", "Item {\n // not AppContext.chat\n}", 0},
        };
        for (const Case &c : cases)
            QTest::newRow(c.tag) << QString::fromUtf8(c.file) << QString::fromUtf8(c.qml) << c.findings;
    }

    void componentRules()
    {
        QFETCH(QString, file);
        QFETCH(QString, qml);
        QFETCH(int, findings);
        QCOMPARE(checkComponents(file, qml).size(), findings);
    }

    // The component rules, on every file of the window.
    void windowQmlIsMadeOfComponents()
    {
        const QList<QmlFile> files = windowQml();
        QVERIFY(files.size() > 20);
        for (const QString &pane : topLevelPanes) {
            QVERIFY2(std::any_of(files.begin(), files.end(),
                                 [&](const QmlFile &file) { return file.name == pane; }),
                     qPrintable(pane));
        }
        const QStringList problems = problemsIn(files, checkComponents);
        for (const QString &problem : problems)
            qWarning().noquote() << problem; // all of them: the failure's message is cut short
        QVERIFY2(problems.isEmpty(), qPrintable(u"\n"_s + problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestQmlText)
#include "tst_qmltext.moc"
