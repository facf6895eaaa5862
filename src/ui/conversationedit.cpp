// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationedit.h"

ConversationEdit::ConversationEdit(const ConversationRow &row)
    : m_before(row)
    , m_changed(row)
{
    m_change.id = row.record.id;
}

ConversationEdit ConversationEdit::rename(const ConversationRow &row, const QString &title)
{
    ConversationEdit edit(row);
    edit.m_changed.record.title = title;
    edit.m_changed.pendingTitle = false;
    edit.m_change.title = title;
    return edit;
}

ConversationEdit ConversationEdit::pin(const ConversationRow &row, bool pinned)
{
    ConversationEdit edit(row);
    edit.m_changed.record.pinned = pinned;
    edit.m_change.pinned = pinned;
    return edit;
}

ConversationEdit ConversationEdit::archive(const ConversationRow &row, bool archived)
{
    ConversationEdit edit(row);
    edit.m_changed.record.archived = archived;
    edit.m_change.archived = archived;
    return edit;
}

void ConversationEdit::revert(ConversationRow &current) const
{
    if (m_change.title && current.record.title == *m_change.title) {
        current.record.title = m_before.record.title;
        current.pendingTitle = m_before.pendingTitle;
    }
    if (m_change.pinned && current.record.pinned == *m_change.pinned)
        current.record.pinned = m_before.record.pinned;
    if (m_change.archived && current.record.archived == *m_change.archived)
        current.record.archived = m_before.record.archived;
}

QString ConversationEdit::failure(const QString &reason) const
{
    const QString &title = m_before.record.title;
    if (m_change.title)
        return tr("“%1” could not be renamed to “%2”: %3").arg(title, *m_change.title, reason);
    if (m_change.pinned)
        return *m_change.pinned ? tr("“%1” could not be pinned: %2").arg(title, reason)
                                : tr("“%1” could not be unpinned: %2").arg(title, reason);
    return *m_change.archived ? tr("“%1” could not be archived: %2").arg(title, reason)
                              : tr("“%1” could not be restored from the archive: %2").arg(title, reason);
}
