// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class QAbstractItemModel;

// What QML cannot say about a list model by itself: one row's roles by name, and paging
// (canFetchMore/fetchMore take a QModelIndex, which QML cannot make).
class ItemModels : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    // The row's data keyed by role name; empty when the row does not exist.
    Q_INVOKABLE QVariantMap row(QAbstractItemModel *model, int row) const;
    Q_INVOKABLE bool canFetchMore(QAbstractItemModel *model) const;
    Q_INVOKABLE void fetchMore(QAbstractItemModel *model) const;
};
