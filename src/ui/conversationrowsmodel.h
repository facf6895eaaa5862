// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrow.h"
#include "conversationrows.h"
#include "midnightclock.h"
#include "pagedlistmodel.h"

#include <QList>
#include <QtQml/qqmlregistration.h>

// The sidebar's rows as a list model: each change applied in place (updated where the row is,
// moved, inserted or taken out) announcing only the roles that changed, and each row's section
// counted from today, which MidnightClock moves on. Which rows show is the subclass's to decide.
class ConversationRowsModel : public PagedListModel
{
    Q_OBJECT
    QML_ANONYMOUS

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        UpdatedAtRole,
        PinnedRole,
        ArchivedRole,
        SectionRole,
        PendingTitleRole,
    };
    Q_ENUM(Roles)

    using Clock = MidnightClock::Clock;

    // What "now" is, for the sections (tests fix it); the local clock by default.
    void setClock(Clock clock) { m_midnight.setClock(std::move(clock)); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    explicit ConversationRowsModel(QObject *parent = nullptr);

    const ConversationRows &rows() const { return m_rows; }
    // Shows `row` at its place in the order: updated where it is, moved there, or inserted.
    void show(const ConversationRow &row);
    // Rows that all go after the last one, in one insertion.
    void appendRows(const QList<ConversationRow> &rows);
    void takeRows(int first, int last);
    // Only between beginResetModel() and endResetModel().
    void clearRows() { m_rows.clear(); }

private:
    void showNewDay();

    ConversationRows m_rows;
    MidnightClock m_midnight;
};
