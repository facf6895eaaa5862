// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamprinter.h"

#include "console.h"

#include <QMetaObject>

StreamPrinter::StreamPrinter(Target target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{}

void StreamPrinter::print(const QString &text)
{
    if (text.isEmpty())
        return;
    m_pending += text.toUtf8();
    m_lastChar = text.back();
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &StreamPrinter::flush, Qt::QueuedConnection);
    }
}

void StreamPrinter::flush()
{
    m_flushQueued = false;
    if (m_pending.isEmpty())
        return;
    if (m_target == Target::StderrDimmed) {
        Console::writeErrDimmed(m_pending);
    } else {
        Console::writeOut(m_pending);
        Console::flushOut();
    }
    m_pending.clear();
}
