// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationchange.h"
#include "conversationrow.h"

#include <QCoreApplication>
#include <QString>

// One change the user made to a conversation's row (its title, pin or archive), shown at once and
// written behind. If the write fails it is rolled back on the row as it is by then, and the user is
// told what did not happen.
class ConversationEdit
{
    Q_DECLARE_TR_FUNCTIONS(ConversationEdit)

public:
    // `title` as one line; it must not be empty.
    static ConversationEdit rename(const ConversationRow &row, const QString &title);
    static ConversationEdit pin(const ConversationRow &row, bool pinned);
    static ConversationEdit archive(const ConversationRow &row, bool archived);

    QString id() const { return m_before.record.id; }
    // The row as it shows from now on.
    const ConversationRow &changed() const { return m_changed; }
    // What is written: only what changed, as the row's other fields may be older than the stored ones.
    const ConversationChange &change() const { return m_change; }
    // Undoes the change on `current`, unless that field has changed again since.
    void revert(ConversationRow &current) const;
    // What to tell the user when the store refused the change for `reason`.
    QString failure(const QString &reason) const;

private:
    explicit ConversationEdit(const ConversationRow &row);

    ConversationRow m_before;
    ConversationRow m_changed;
    ConversationChange m_change;
};
