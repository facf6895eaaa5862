// SPDX-License-Identifier: GPL-3.0-or-later
#include "savegrace.h"

#include "console.h"
#include "conversationstore.h"
#include "savefailure.h"

#include <QCoreApplication>

SaveGrace::SaveGrace(ConversationStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(retryGrace);
    connect(&m_giveUp, &QTimer::timeout, this, &SaveGrace::giveUp);
    connect(m_store, &ConversationStore::statusChanged, this, &SaveGrace::onStatusChanged);
    onStatusChanged();
}

void SaveGrace::replyEnded()
{
    m_replyEnded = true;
    onStatusChanged();
}

void SaveGrace::writesDone()
{
    m_done = true;
    m_giveUp.stop();
}

void SaveGrace::onStatusChanged()
{
    if (m_done || m_gaveUp)
        return;
    if (m_store->status() != ConversationStore::Status::Retrying) {
        m_giveUp.stop();
        return;
    }
    if (!m_warned) {
        // Once: the store retries quietly, and a script's stderr is not a progress display.
        m_warned = true;
        Console::warning(QCoreApplication::translate("cli", "waiting to save the conversation: %1; giving up "
                                                            "if that lasts %2 s after the reply ends")
                             .arg(SaveFailure::reason(m_store->retryError(), m_store->config()))
                             .arg(retryGrace.count() / 1000));
    }
    if (m_replyEnded && !m_giveUp.isActive())
        m_giveUp.start();
}

void SaveGrace::giveUp()
{
    if (m_done || m_store->status() != ConversationStore::Status::Retrying)
        return;
    m_gaveUp = true;
    // The writes still waiting now resolve with their error and are never made: what is then
    // reported as not saved is not in the history, and what was committed meanwhile counts as
    // saved. Their outcomes come back through the exchange, as always.
    m_store->abandonWaitingWrites();
}
