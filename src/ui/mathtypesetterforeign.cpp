// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathtypesetterforeign.h"

#include "appcontext.h"

#include <QJSEngine>

MathTypesetter *MathTypesetterForeign::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    AppContext *context = AppContext::create(qmlEngine, jsEngine);
    if (!context)
        return nullptr;
    MathTypesetter *typesetter = context->mathTypesetter();
    QJSEngine::setObjectOwnership(typesetter, QJSEngine::CppOwnership);
    return typesetter;
}
