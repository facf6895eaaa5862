// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codehighlight.h"
#include "codehighlightcache.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class ScriptWorker;

// Fenced code highlighted by highlight.js (js/highlight.mjs, bundled at build time) in a
// ScriptWorker of its own, so the GUI thread never waits for it. A fence's language may be any
// name or alias highlight.js knows (and a few more: `shell`, `py3`…); an empty one is detected;
// an unknown one leaves the code plain, as does a script that fails (logged, without the code).
// Answers are cached by (language, code), and calls for code already being highlighted share
// its answer.
class CodeHighlighter : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const CodeHighlight &)>;
    // Whether an answer is kept in the cache: not for the half-written code of a streaming block,
    // which the next answer replaces.
    enum class Keep { Remember, Forget };

    static constexpr qsizetype defaultCacheBytes = 16 * 1024 * 1024;
    // Longer code stays plain: highlighting grows with the code and the user waits for nothing.
    static constexpr qsizetype maximumCodeLength = 512 * 1024;

    explicit CodeHighlighter(QObject *parent = nullptr);
    CodeHighlighter(const QString &bundlePath, qsizetype cacheBytes, QObject *parent = nullptr);
    ~CodeHighlighter() override;

    // Loads highlight.js now (it takes a fraction of a second), so the first block does not wait.
    void warmUp();

    // The highlight already made for this code, if there is one.
    std::optional<CodeHighlight> cached(const QString &language, const QString &code);
    // Highlights `code` as `language`; `done` is called on this object's thread (never from
    // within this call), and not at all if `context` is gone by then.
    void highlight(const QString &language, const QString &code, Keep keep, QObject *context, Callback done);
    // Keeps a highlight made while the code was still streaming, now that the code is whole.
    void remember(const QString &language, const QString &code, const CodeHighlight &highlight);

    // Every language, as [id, name, aliases…].
    void listLanguages(QObject *context, std::function<void(const QList<QStringList> &)> done);

    const CodeHighlightCache &cache() const { return m_cache; }
    // How many times code was sent to highlight.js (the cache and shared calls spare the rest).
    int scriptCalls() const { return m_scriptCalls; }

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };
    using Key = QPair<QString, QString>; // (language, code)

    void answered(const QString &language, const QString &code, Keep keep, const QVariant &value,
                  const QString &error);

    ScriptWorker *m_worker;
    CodeHighlightCache m_cache;
    QHash<Key, QList<Waiter>> m_waiting; // the calls each running highlight answers
    int m_scriptCalls = 0;
};
