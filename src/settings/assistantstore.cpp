// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistantstore.h"

#include "settingslogging.h"

#include <QCoreApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

const QString arrayKey = u"assistants"_s;

std::optional<double> optionalDouble(const QSettings &settings, const QString &key)
{
    if (!settings.contains(key))
        return std::nullopt;
    bool ok = false;
    const double value = settings.value(key).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

} // namespace

AssistantStore::AssistantStore(QSettings *settings)
    : m_settings(settings)
{}

QList<AssistantPreset> AssistantStore::presets() const
{
    if (!m_settings)
        return m_memory;
    QList<AssistantPreset> presets;
    const int count = m_settings->beginReadArray(arrayKey);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        AssistantPreset preset;
        preset.name = m_settings->value(u"name"_s).toString();
        preset.greeting = m_settings->value(u"greeting"_s).toString();
        ConversationParameters &parameters = preset.parameters;
        parameters.systemPrompt = m_settings->value(u"systemPrompt"_s).toString();
        parameters.model = m_settings->value(u"model"_s).toString();
        parameters.profile = m_settings->value(u"profile"_s).toString();
        parameters.temperature = optionalDouble(*m_settings, u"temperature"_s);
        parameters.topP = optionalDouble(*m_settings, u"topP"_s);
        if (m_settings->contains(u"maxTokens"_s))
            parameters.setMaxTokensOrZero(m_settings->value(u"maxTokens"_s).toInt());
        // Edited by hand into something that cannot be sent: left out, and said so.
        if (const QString problem = preset.validate(); !problem.isEmpty()) {
            qCWarning(lcSettings) << "skipping the assistant at" << i << "in the settings:" << problem;
            continue;
        }
        presets.append(preset);
    }
    m_settings->endArray();
    return presets;
}

std::optional<AssistantPreset> AssistantStore::preset(const QString &name) const
{
    const QList<AssistantPreset> all = presets();
    for (const AssistantPreset &preset : all) {
        if (preset.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return preset;
    }
    return std::nullopt;
}

QString AssistantStore::save(const QList<AssistantPreset> &presets)
{
    if (!m_settings) {
        m_memory = presets;
        return {};
    }
    m_settings->remove(arrayKey);
    m_settings->beginWriteArray(arrayKey, int(presets.size()));
    for (int i = 0; i < presets.size(); ++i) {
        const AssistantPreset &preset = presets.at(i);
        const ConversationParameters &parameters = preset.parameters;
        m_settings->setArrayIndex(i);
        m_settings->setValue(u"name"_s, preset.name);
        m_settings->setValue(u"systemPrompt"_s, parameters.systemPrompt);
        m_settings->setValue(u"model"_s, parameters.model);
        m_settings->setValue(u"profile"_s, parameters.profile);
        if (parameters.temperature)
            m_settings->setValue(u"temperature"_s, *parameters.temperature);
        if (parameters.topP)
            m_settings->setValue(u"topP"_s, *parameters.topP);
        if (parameters.maxTokens)
            m_settings->setValue(u"maxTokens"_s, *parameters.maxTokens);
        m_settings->setValue(u"greeting"_s, preset.greeting);
    }
    m_settings->endArray();
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        qCWarning(lcSettings) << "cannot write the assistants to" << m_settings->fileName();
        return QCoreApplication::translate("AssistantStore",
                                           "The assistants could not be saved to %1: check that the "
                                           "folder is writable and the disk is not full.")
            .arg(m_settings->fileName());
    }
    return {};
}
