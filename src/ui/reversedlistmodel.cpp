// SPDX-License-Identifier: GPL-3.0-or-later
#include "reversedlistmodel.h"

void ReversedListModel::setSourceModel(QAbstractItemModel *source)
{
    if (source == sourceModel())
        return;
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        // Rows [first, last] about to go in before the source's row `first`: here they go in
        // after it, i.e. before the mirror of the row above it.
        m_connections = {
            connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                    [this](const QModelIndex &parent, int first, int last) {
                        if (parent.isValid())
                            return;
                        const int at = sourceRows() - first;
                        beginInsertRows({}, at, at + last - first);
                    }),
            connect(source, &QAbstractItemModel::rowsInserted, this,
                    [this](const QModelIndex &parent) {
                        if (!parent.isValid())
                            endInsertRows();
                    }),
            connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    [this](const QModelIndex &parent, int first, int last) {
                        if (parent.isValid())
                            return;
                        const auto [from, to] = mirrored(first, last, sourceRows());
                        beginRemoveRows({}, from, to);
                    }),
            connect(source, &QAbstractItemModel::rowsRemoved, this,
                    [this](const QModelIndex &parent) {
                        if (!parent.isValid())
                            endRemoveRows();
                    }),
            connect(
                source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                    if (topLeft.parent().isValid())
                        return;
                    const auto [from, to] = mirrored(topLeft.row(), bottomRight.row(), sourceRows());
                    Q_EMIT dataChanged(index(from, 0), index(to, 0), roles);
                }),
            connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
                    &ReversedListModel::beginResetModel),
            connect(source, &QAbstractItemModel::modelReset, this, &ReversedListModel::endResetModel),
            // A source that moves or sorts its rows is seen afresh (MessageModel does neither).
            connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this,
                    &ReversedListModel::beginResetModel),
            connect(source, &QAbstractItemModel::rowsMoved, this, &ReversedListModel::endResetModel),
            connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                    [this] { Q_EMIT layoutAboutToBeChanged(); }),
            connect(source, &QAbstractItemModel::layoutChanged, this, [this] { Q_EMIT layoutChanged(); }),
        };
    }
    endResetModel();
}

QModelIndex ReversedListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column != 0 || row >= rowCount())
        return {};
    return createIndex(row, column);
}

QModelIndex ReversedListModel::parent(const QModelIndex &) const
{
    return {};
}

int ReversedListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : sourceRows();
}

int ReversedListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : 1;
}

QModelIndex ReversedListModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel())
        return {};
    return sourceModel()->index(toSourceRow(proxyIndex.row()), proxyIndex.column());
}

QModelIndex ReversedListModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid())
        return {};
    return index(fromSourceRow(sourceIndex.row()), sourceIndex.column());
}

int ReversedListModel::fromSourceRow(int sourceRow) const
{
    const int count = sourceRows();
    return sourceRow >= 0 && sourceRow < count ? count - 1 - sourceRow : -1;
}

int ReversedListModel::toSourceRow(int row) const
{
    return fromSourceRow(row); // the mirror is its own inverse
}

int ReversedListModel::sourceRows() const
{
    return sourceModel() ? sourceModel()->rowCount() : 0;
}

QPair<int, int> ReversedListModel::mirrored(int first, int last, int count) const
{
    return {count - 1 - last, count - 1 - first};
}
