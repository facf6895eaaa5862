// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptrunner.h"

#include "typesetlogging.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJSEngine>
#include <QJSValue>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// What Qt 6.4's engine lacks or does differently from the engines the libraries are written for:
// no globalThis; Object.isFrozen throws on a primitive (ES5) where later ECMAScript answers true;
// and a console that says nothing, since a library's warnings may quote the code or formula.
const auto prelude = uR"(
var globalThis = this;
(function () {
    var isFrozen = Object.isFrozen;
    Object.isFrozen = function (o) {
        return (o === null || (typeof o !== 'object' && typeof o !== 'function')) ? true : isFrozen(o);
    };
    var quiet = function () {};
    this.console = { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet };
})();
)"_s;

QString describe(const QJSValue &error)
{
    const QString where = error.property(u"lineNumber"_s).isUndefined()
        ? QString()
        : u" (line %1)"_s.arg(error.property(u"lineNumber"_s).toInt());
    return error.toString() + where;
}

} // namespace

ScriptRunner::ScriptRunner(QString bundlePath)
    : m_bundlePath(std::move(bundlePath))
{
}

ScriptRunner::~ScriptRunner() = default;

void ScriptRunner::load()
{
    if (m_loaded || m_stopping)
        return;
    m_loaded = true;
    QElapsedTimer timer;
    timer.start();
    QFile file(m_bundlePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadError = u"The script %1 could not be read: %2"_s.arg(m_bundlePath, file.errorString());
        qCWarning(lcTypeset) << m_loadError;
        return;
    }
    const QString source = QString::fromUtf8(file.readAll());
    m_engine = std::make_unique<QJSEngine>();
    m_running = m_engine.get();
    m_engine->evaluate(prelude);
    const QJSValue result = m_engine->evaluate(source, m_bundlePath);
    m_running = nullptr;
    if (result.isError()) {
        m_loadError = u"The script %1 failed to load: %2"_s.arg(m_bundlePath, describe(result));
        if (!m_stopping) // interrupted because the program is closing: nothing went wrong
            qCWarning(lcTypeset) << m_loadError;
        m_engine.reset();
        return;
    }
    qCInfo(lcTypeset) << "Loaded" << m_bundlePath << "in" << timer.elapsed() << "ms";
}

ScriptWorker::Result ScriptRunner::run(const QString &function, const QVariantList &arguments)
{
    ScriptWorker::Result result;
    if (m_stopping) {
        result.error = u"The script is shutting down."_s;
    } else {
        load();
        if (!m_engine) {
            result.error = m_loadError;
        } else {
            const QJSValue callee = m_engine->globalObject().property(function);
            if (!callee.isCallable()) {
                result.error = u"The script %1 has no function %2."_s.arg(m_bundlePath, function);
            } else {
                QJSValueList values;
                values.reserve(arguments.size());
                for (const QVariant &argument : arguments)
                    values.append(m_engine->toScriptValue(argument));
                m_running = m_engine.get();
                if (m_stopping) // stop() came between the check above and m_running: it saw nothing to interrupt
                    m_engine->setInterrupted(true);
                const QJSValue value = callee.call(values);
                m_running = nullptr;
                if (value.isError())
                    result.error = describe(value);
                else
                    result.value = value.toVariant();
                m_engine->setInterrupted(false);
            }
        }
    }
    return result;
}

void ScriptRunner::dropEngine()
{
    m_running = nullptr;
    m_engine.reset();
}

void ScriptRunner::stop()
{
    m_stopping = true;
    if (QJSEngine *engine = m_running.load())
        engine->setInterrupted(true);
}
