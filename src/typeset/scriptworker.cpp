// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptworker.h"

#include "scriptrunner.h"

#include <QMetaObject>
#include <QPointer>
#include <QThread>

#include <utility>

ScriptWorker::ScriptWorker(const QString &bundlePath, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_runner(new ScriptRunner(bundlePath))
{
    m_thread->setObjectName(QStringLiteral("ScriptWorker"));
    m_runner->moveToThread(m_thread);
    // Emitted on the worker thread as it ends: the engine goes with the thread that made it.
    ScriptRunner *runner = m_runner;
    connect(m_thread, &QThread::finished, m_runner, [runner] { runner->dropEngine(); }, Qt::DirectConnection);
    m_thread->start(QThread::LowPriority);
}

ScriptWorker::~ScriptWorker()
{
    // Calls still queued return at once; a script that is running is interrupted, so this waits
    // for no more than the engine takes to notice.
    m_runner->stop();
    m_thread->quit();
    m_thread->wait();
    delete m_runner;
    delete m_thread;
}

void ScriptWorker::warmUp()
{
    ScriptRunner *runner = m_runner;
    QMetaObject::invokeMethod(m_runner, [runner] { runner->load(); }, Qt::QueuedConnection);
}

void ScriptWorker::call(const QString &function, const QVariantList &arguments, QObject *context, Callback done)
{
    ++m_runner->pending;
    ScriptRunner *runner = m_runner;
    // The answer is posted to this object, which lives on the caller's thread and outlives the
    // worker thread, and is checked against the context there: a QPointer is only read on the
    // thread of the object it points to.
    QMetaObject::invokeMethod(
        m_runner,
        [this, runner, function, arguments, context = QPointer<QObject>(context), done = std::move(done)]() mutable {
            ScriptWorker::Result result = runner->run(function, arguments);
            --runner->pending;
            QMetaObject::invokeMethod(
                this,
                [context, done = std::move(done), result = std::move(result)] {
                    if (context)
                        done(result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

int ScriptWorker::pendingCalls() const
{
    return m_runner->pending.load();
}
