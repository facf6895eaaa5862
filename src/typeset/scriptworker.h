// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QVariant>

#include <functional>

class QThread;
class ScriptRunner;

// A JavaScript bundle made at build time (cmake/ConfabJs.cmake), run in a QJSEngine of its own on
// a thread of its own, so a library such as highlight.js or MathJax never holds up the GUI
// thread. The bundle is loaded on the worker thread at the first call (or at warmUp()); calls run
// one after another in the order they were made.
//
// A call names a global function the bundle defines and passes JSON-like values (strings,
// numbers, booleans, lists, maps). Its answer comes back as a queued call on this object's thread,
// where the context must live too, and not at all if the context is gone by then.
class ScriptWorker : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        QVariant value;
        QString error; // empty when the call succeeded: the script's exception, or why it did not run
        bool ok() const { return error.isEmpty(); }
    };
    using Callback = std::function<void(const Result &)>;

    // bundlePath: where the bundle is, usually a resource (":/confab/js/highlight.js").
    explicit ScriptWorker(const QString &bundlePath, QObject *parent = nullptr);
    // Interrupts a running script and ends the thread.
    ~ScriptWorker() override;

    // Loads the bundle now, so the first real call does not pay for it.
    void warmUp();
    void call(const QString &function, const QVariantList &arguments, QObject *context, Callback done);

    // The number of calls made and not yet answered (for tests and benchmarks).
    int pendingCalls() const;

private:
    QThread *m_thread = nullptr;
    ScriptRunner *m_runner = nullptr; // lives on m_thread
};
