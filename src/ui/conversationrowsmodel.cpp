// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationrowsmodel.h"

#include "conversationsections.h"

using namespace Qt::StringLiterals;

ConversationRowsModel::ConversationRowsModel(QObject *parent)
    : PagedListModel(parent)
{
    connect(&m_midnight, &MidnightClock::dayChanged, this, &ConversationRowsModel::showNewDay);
}

void ConversationRowsModel::show(const ConversationRow &row)
{
    const int from = m_rows.rowOf(row.record.id);
    const ConversationSortKey key = ConversationSortKey::of(row.record);
    if (from < 0) {
        const int to = m_rows.insertionRow(key);
        beginInsertRows(QModelIndex(), to, to);
        m_rows.insert(to, row);
        endInsertRows();
        return;
    }
    const int to = m_rows.insertionRow(key, from);
    if (to != from) {
        beginMoveRows(QModelIndex(), from, from, QModelIndex(), to > from ? to + 1 : to);
        m_rows.move(from, to);
        endMoveRows();
    }
    const ConversationRow old = m_rows.replace(to, row);
    QList<int> roles;
    if (old.record.title != row.record.title)
        roles << TitleRole << Qt::DisplayRole;
    if (old.record.updatedAt != row.record.updatedAt)
        roles << UpdatedAtRole;
    if (old.record.pinned != row.record.pinned)
        roles << PinnedRole;
    if (old.record.archived != row.record.archived)
        roles << ArchivedRole;
    if (old.pendingTitle != row.pendingTitle)
        roles << PendingTitleRole;
    if (roles.contains(UpdatedAtRole) || roles.contains(PinnedRole))
        roles << SectionRole;
    if (!roles.isEmpty())
        Q_EMIT dataChanged(index(to), index(to), roles);
}

void ConversationRowsModel::appendRows(const QList<ConversationRow> &rows)
{
    if (rows.isEmpty())
        return;
    const int first = m_rows.size();
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    for (const ConversationRow &row : rows)
        m_rows.append(row);
    endInsertRows();
}

void ConversationRowsModel::takeRows(int first, int last)
{
    beginRemoveRows(QModelIndex(), first, last);
    m_rows.remove(first, last);
    endRemoveRows();
}

void ConversationRowsModel::showNewDay()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(m_rows.size() - 1), {SectionRole});
}

int ConversationRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

QVariant ConversationRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationRow &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return row.record.id;
    case Qt::DisplayRole:
    case TitleRole:
        return row.record.title;
    case UpdatedAtRole:
        return row.record.updatedAt;
    case PinnedRole:
        return row.record.pinned;
    case ArchivedRole:
        return row.record.archived;
    case SectionRole:
        return ConversationSections::sectionFor(row.record.pinned, row.record.updatedAt, m_midnight.today());
    case PendingTitleRole:
        return row.pendingTitle;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationRowsModel::roleNames() const
{
    return {
        {IdRole, "id"_ba},
        {TitleRole, "title"_ba},
        {UpdatedAtRole, "updatedAt"_ba},
        {PinnedRole, "pinned"_ba},
        {ArchivedRole, "archived"_ba},
        {SectionRole, "section"_ba},
        {PendingTitleRole, "pendingTitle"_ba},
    };
}
