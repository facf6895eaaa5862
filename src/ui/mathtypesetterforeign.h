// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mathtypesetter.h"

#include <QtQml/qqml.h>

// QML's MathTypesetter singleton: the window's one typesetter, which AppContext builds (its
// library, confab_typeset, knows nothing of QML). Text blocks hand it to their MathText.
struct MathTypesetterForeign
{
    Q_GADGET
    QML_FOREIGN(MathTypesetter)
    QML_NAMED_ELEMENT(MathTypesetter)
    QML_SINGLETON

public:
    static MathTypesetter *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
};
