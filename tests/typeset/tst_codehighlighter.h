// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CodeHighlighter with the real highlight.js bundle (:/confab/js/highlight.js) in its real
// ScriptWorker: languages, aliases, detection, the cache and failures.
#include "codehighlight.h"
#include "codehighlightcache.h"
#include "codehighlighter.h"

#include <QObject>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

constexpr int timeout = 60000; // the first call loads highlight.js (a fraction of a second, more under load)

inline CodeHighlight highlightAndWait(CodeHighlighter &highlighter, const QString &language,
                                      const QString &code,
                                      CodeHighlighter::Keep keep = CodeHighlighter::Keep::Remember)
{
    std::optional<CodeHighlight> answer;
    QObject context;
    highlighter.highlight(language, code, keep, &context, [&answer](const CodeHighlight &h) { answer = h; });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), timeout);
    }();
    return answer.value_or(CodeHighlight{});
}

// The scope chain of the run over the first character of `token` in `code` (empty if plain).
inline QStringList scopesAt(const CodeHighlight &highlight, const QString &code, const QString &token)
{
    const qsizetype at = code.indexOf(token);
    for (const CodeHighlight::Run &run : highlight.runs) {
        if (run.start <= at && at < run.start + run.length)
            return highlight.scopeChain(run);
    }
    return {};
}

class TestCodeHighlighter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // tst_codehighlighter_languages.cpp
    void listsAtLeast150Languages();
    void highlightsEachLanguage_data();
    void highlightsEachLanguage();
    void fenceNamesAndAliases_data();
    void fenceNamesAndAliases();
    void detectsTheLanguageOfAnUnlabelledFence_data();
    void detectsTheLanguageOfAnUnlabelledFence();
    void runsCoverTheCodeInUtf16Offsets();

    // tst_codehighlighter.cpp
    void anUnknownLanguageIsPlain();
    void answersComeFromTheCacheTheSecondTime();
    void codeStillStreamingIsNotRemembered();
    void theCacheDropsTheLeastRecentlyUsed();
    void identicalCallsShareOneScriptCall();
    void aFailingScriptLeavesTheCodePlainAndLogsNoCode();
    void aMissingBundleLeavesTheCodePlain();
    void codeTooLongIsPlainWithoutAScriptCall();
    void noAnswerReachesAContextThatIsGone();

private:
    std::unique_ptr<CodeHighlighter> m_highlighter; // shared: loading highlight.js once is enough
};
