// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistantpreset.h"

#include <QCoreApplication>

namespace {
constexpr qsizetype maxNameLength = 100;
}

QString AssistantPreset::validate() const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QCoreApplication::translate("AssistantPreset", "Give the assistant a name.");
    if (trimmed.size() > maxNameLength)
        return QCoreApplication::translate("AssistantPreset", "The name is too long: keep it under %1 characters.")
            .arg(maxNameLength);
    return parameters.validate();
}
