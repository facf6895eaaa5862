// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scriptworker.h"

#include <QObject>
#include <QString>
#include <QVariantList>

#include <atomic>
#include <memory>

class QJSEngine;

// ScriptWorker's half on the worker thread: the engine, made there at the first call (its stack
// limits belong to the thread that made it), with the bundle evaluated in it.
class ScriptRunner : public QObject
{
    Q_OBJECT

public:
    explicit ScriptRunner(QString bundlePath);
    ~ScriptRunner() override;

    // On the worker thread.
    void load();
    ScriptWorker::Result run(const QString &function, const QVariantList &arguments);
    void dropEngine();

    // From any thread.
    void stop();
    std::atomic<int> pending{0};

private:
    QString m_bundlePath;
    std::unique_ptr<QJSEngine> m_engine;
    std::atomic<QJSEngine *> m_running{nullptr}; // what stop() may interrupt
    std::atomic<bool> m_stopping{false};
    QString m_loadError;
    bool m_loaded = false;
};
