// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

// The saves of our own changes on their way, counted per conversation. While one is, what the store
// says about that conversation would show over the change, so it is held back and read again once
// the last save is done.
class ConversationSaves
{
public:
    void begin(const QString &id) { ++m_inFlight[id]; }
    void finish(const QString &id);
    bool inFlight(const QString &id) const { return m_inFlight.contains(id); }
    // The store changed `id` while a save of it was on its way.
    void holdBack(const QString &id) { m_heldBack.insert(id); }
    // Whether `id` has no save on its way any more and the store changed it meanwhile: read it now.
    bool takeHeldBack(const QString &id);

private:
    QHash<QString, int> m_inFlight;
    QSet<QString> m_heldBack;
};
