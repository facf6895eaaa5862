// SPDX-License-Identifier: GPL-3.0-or-later
#include "codehighlighter.h"

#include "scriptworker.h"
#include "typesetlogging.h"

#include <QMetaObject>

#include <utility>

using namespace Qt::StringLiterals;

CodeHighlighter::CodeHighlighter(QObject *parent)
    : CodeHighlighter(u":/confab/js/highlight.js"_s, defaultCacheBytes, parent)
{}

CodeHighlighter::CodeHighlighter(const QString &bundlePath, qsizetype cacheBytes, QObject *parent)
    : QObject(parent)
    , m_worker(new ScriptWorker(bundlePath, this))
    , m_cache(cacheBytes)
{}

CodeHighlighter::~CodeHighlighter() = default;

void CodeHighlighter::warmUp()
{
    m_worker->warmUp();
}

std::optional<CodeHighlight> CodeHighlighter::cached(const QString &language, const QString &code)
{
    return m_cache.find(language, code);
}

void CodeHighlighter::highlight(const QString &language, const QString &code, Keep keep, QObject *context,
                                Callback done)
{
    const auto answerLater = [context, done](CodeHighlight highlight) {
        QMetaObject::invokeMethod(
            context, [done, highlight = std::move(highlight)] { done(highlight); }, Qt::QueuedConnection);
    };
    if (code.size() > maximumCodeLength) {
        CodeHighlight plain;
        plain.length = code.size();
        answerLater(std::move(plain));
        return;
    }
    if (std::optional<CodeHighlight> found = m_cache.find(language, code)) {
        answerLater(std::move(*found));
        return;
    }
    const Key key{language, code};
    auto waiting = m_waiting.find(key);
    if (waiting != m_waiting.end()) {
        waiting->append(Waiter{context, std::move(done)});
        return;
    }
    m_waiting.insert(key, {Waiter{context, std::move(done)}});
    ++m_scriptCalls;
    m_worker->call(u"confabHighlight"_s, {language, code}, this,
                   [this, language, code, keep](const ScriptWorker::Result &result) {
                       answered(language, code, keep, result.value, result.error);
                   });
}

void CodeHighlighter::answered(const QString &language, const QString &code, Keep keep, const QVariant &value,
                               const QString &error)
{
    CodeHighlight highlight;
    if (error.isEmpty()) {
        highlight = CodeHighlight::fromScript(value, code.size());
        if (keep == Keep::Remember)
            m_cache.insert(language, code, highlight);
    } else {
        // The fence's language and the code are the reply's: neither is logged.
        qCInfo(lcTypeset).noquote() << "Highlighting" << code.size()
                                    << "characters of code failed, shown plain:" << error;
        highlight.length = code.size();
        highlight.failed = true;
    }
    const QList<Waiter> waiters = m_waiting.take(Key{language, code});
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(highlight);
    }
}

void CodeHighlighter::remember(const QString &language, const QString &code, const CodeHighlight &highlight)
{
    if (!highlight.failed && highlight.length == code.size())
        m_cache.insert(language, code, highlight);
}

void CodeHighlighter::listLanguages(QObject *context, std::function<void(const QList<QStringList> &)> done)
{
    m_worker->call(u"confabLanguages"_s, {}, context,
                   [done = std::move(done)](const ScriptWorker::Result &result) {
                       QList<QStringList> languages;
                       const QVariantList list = result.value.toList();
                       for (const QVariant &language : list)
                           languages.append(language.toStringList());
                       if (!result.ok())
                           qCInfo(lcTypeset).noquote() << "Listing the languages failed:" << result.error;
                       done(languages);
                   });
}
