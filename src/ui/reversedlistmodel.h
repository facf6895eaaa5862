// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractProxyModel>
#include <QtQml/qqmlregistration.h>

// A flat list model read from its end: the source's last row is row 0. MessageView lays the
// messages out from the bottom up (ListView.BottomToTop) over it, so the newest message sits at
// the view's origin: the view opens at the end with no positioning, older pages come in at the
// far end without moving what is shown, and a growing last reply needs no follow logic. Every
// change of the source is passed on as the same change, mirrored (no resets).
class ReversedListModel : public QAbstractProxyModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    using QAbstractProxyModel::QAbstractProxyModel;

    void setSourceModel(QAbstractItemModel *source) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    // The row of the source's `sourceRow` here, and back (-1 when out of range).
    Q_INVOKABLE int fromSourceRow(int sourceRow) const;
    Q_INVOKABLE int toSourceRow(int row) const;

private:
    int sourceRows() const;
    // The source's rows [first, last], with `count` rows in the source, as rows here.
    QPair<int, int> mirrored(int first, int last, int count) const;

    QList<QMetaObject::Connection> m_connections;
};
