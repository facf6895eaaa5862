// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

class QQuickItem;

// Every visible item below `root`, depth first, in the order of the scene.
QList<QQuickItem *> visibleItemsBelow(QQuickItem *root);
