// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistantpreset.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

// The assistants (presets), kept in settings as the array "assistants" (name, systemPrompt,
// model, profile, temperature, topP, maxTokens, greeting; an unset parameter has no key).
// Each read goes to the settings, so every user of the same QSettings sees the last write.
class AssistantStore
{
public:
    // `settings` may be null: the assistants are then kept for this run only.
    explicit AssistantStore(QSettings *settings);

    // In the order they were added.
    QList<AssistantPreset> presets() const;
    // The one named `name` (compared without case).
    std::optional<AssistantPreset> preset(const QString &name) const;
    // Replaces them all; says why when the settings could not be written.
    QString save(const QList<AssistantPreset> &presets);

private:
    QSettings *m_settings;
    QList<AssistantPreset> m_memory; // without settings
};
