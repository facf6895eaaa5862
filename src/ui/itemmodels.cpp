// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemmodels.h"

#include <QAbstractItemModel>

QVariantMap ItemModels::row(QAbstractItemModel *model, int row) const
{
    QVariantMap values;
    if (!model || row < 0 || row >= model->rowCount())
        return values;
    const QModelIndex index = model->index(row, 0);
    const QHash<int, QByteArray> roles = model->roleNames();
    for (auto it = roles.cbegin(); it != roles.cend(); ++it)
        values.insert(QString::fromUtf8(it.value()), index.data(it.key()));
    return values;
}

bool ItemModels::canFetchMore(QAbstractItemModel *model) const
{
    return model && model->canFetchMore({});
}

void ItemModels::fetchMore(QAbstractItemModel *model) const
{
    if (model && model->canFetchMore({}))
        model->fetchMore({});
}
