// SPDX-License-Identifier: GPL-3.0-or-later
#include "sceneitems.h"

#include <QQuickItem>

namespace {

void collect(QQuickItem *root, QList<QQuickItem *> &items)
{
    const QList<QQuickItem *> children = root->childItems();
    for (QQuickItem *child : children) {
        if (!child->isVisible())
            continue;
        items.append(child);
        collect(child, items);
    }
}

} // namespace

QList<QQuickItem *> visibleItemsBelow(QQuickItem *root)
{
    QList<QQuickItem *> items;
    collect(root, items);
    return items;
}
