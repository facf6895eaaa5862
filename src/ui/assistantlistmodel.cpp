// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistantlistmodel.h"

#include "assistantstore.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// A number from QML, or from a text field; unset when missing or blank.
QString numberFrom(const QVariantMap &map, const QString &key, const QString &label,
                   std::optional<double> *value)
{
    value->reset();
    const QVariant raw = map.value(key);
    if (!raw.isValid() || raw.isNull())
        return {};
    if (raw.typeId() == QMetaType::QString && raw.toString().trimmed().isEmpty())
        return {};
    bool ok = false;
    const double number = raw.typeId() == QMetaType::QString ? raw.toString().trimmed().toDouble(&ok)
                                                              : raw.toDouble(&ok);
    if (!ok)
        return AssistantListModel::tr("%1 must be a number.").arg(label);
    if (!std::isnan(number))
        *value = number;
    return {};
}

QVariant optionalValue(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace

AssistantListModel::AssistantListModel(AssistantStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_presets(store->presets())
{}

int AssistantListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_presets.size());
}

QVariant AssistantListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AssistantPreset &preset = m_presets.at(index.row());
    const ConversationParameters &parameters = preset.parameters;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return preset.name;
    case SystemPromptRole:
        return parameters.systemPrompt;
    case ModelRole:
        return parameters.model;
    case ProfileRole:
        return parameters.profile;
    case TemperatureRole:
        return optionalValue(parameters.temperature);
    case TopPRole:
        return optionalValue(parameters.topP);
    case MaxTokensRole:
        return parameters.maxTokens ? QVariant(*parameters.maxTokens) : QVariant();
    case GreetingRole:
        return preset.greeting;
    default:
        return {};
    }
}

QHash<int, QByteArray> AssistantListModel::roleNames() const
{
    return {
        {NameRole, "name"},
        {SystemPromptRole, "systemPrompt"},
        {ModelRole, "model"},
        {ProfileRole, "profile"},
        {TemperatureRole, "temperature"},
        {TopPRole, "topP"},
        {MaxTokensRole, "maxTokens"},
        {GreetingRole, "greeting"},
    };
}

QString AssistantListModel::add(const QVariantMap &map)
{
    AssistantPreset preset;
    if (const QString problem = presetFrom(map, &preset); !problem.isEmpty())
        return problem;
    if (rowOf(preset.name) >= 0)
        return tr("There is already an assistant named “%1”: choose another name.").arg(preset.name);
    QList<AssistantPreset> presets = m_presets;
    presets.append(preset);
    const int row = int(m_presets.size());
    // Written first: a row shows only what is kept.
    if (const QString failed = m_store->save(presets); !failed.isEmpty())
        return failed;
    beginInsertRows({}, row, row);
    m_presets = presets;
    endInsertRows();
    Q_EMIT countChanged();
    return {};
}

QString AssistantListModel::update(const QString &name, const QVariantMap &map)
{
    const int row = rowOf(name);
    if (row < 0)
        return tr("There is no assistant named “%1” (it may have been removed).").arg(name);
    AssistantPreset preset;
    if (const QString problem = presetFrom(map, &preset); !problem.isEmpty())
        return problem;
    if (const int other = rowOf(preset.name); other >= 0 && other != row)
        return tr("There is already an assistant named “%1”: choose another name.").arg(preset.name);
    QList<AssistantPreset> presets = m_presets;
    presets[row] = preset;
    if (const QString failed = m_store->save(presets); !failed.isEmpty())
        return failed;
    m_presets = presets;
    Q_EMIT dataChanged(index(row), index(row));
    return {};
}

QString AssistantListModel::remove(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return tr("There is no assistant named “%1” (it may have been removed).").arg(name);
    QList<AssistantPreset> presets = m_presets;
    presets.removeAt(row);
    if (const QString failed = m_store->save(presets); !failed.isEmpty())
        return failed;
    beginRemoveRows({}, row, row);
    m_presets = presets;
    endRemoveRows();
    Q_EMIT countChanged();
    return {};
}

QVariantMap AssistantListModel::get(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QVariantMap() : mapOf(m_presets.at(row));
}

int AssistantListModel::rowOf(const QString &name) const
{
    const QString wanted = name.trimmed();
    for (int row = 0; row < m_presets.size(); ++row) {
        if (m_presets.at(row).name.compare(wanted, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

void AssistantListModel::reload()
{
    const QList<AssistantPreset> presets = m_store->presets();
    if (presets == m_presets)
        return;
    beginResetModel();
    m_presets = presets;
    endResetModel();
    Q_EMIT countChanged();
}

QString AssistantListModel::presetFrom(const QVariantMap &map, AssistantPreset *preset)
{
    preset->name = map.value(u"name"_s).toString().trimmed();
    preset->greeting = map.value(u"greeting"_s).toString();
    ConversationParameters &parameters = preset->parameters;
    parameters.systemPrompt = map.value(u"systemPrompt"_s).toString();
    parameters.model = map.value(u"model"_s).toString().trimmed();
    parameters.profile = map.value(u"profile"_s).toString().trimmed();
    if (const QString problem = numberFrom(map, u"temperature"_s, tr("The temperature"), &parameters.temperature);
        !problem.isEmpty())
        return problem;
    if (const QString problem = numberFrom(map, u"topP"_s, tr("Top P"), &parameters.topP); !problem.isEmpty())
        return problem;
    std::optional<double> maxTokens;
    if (const QString problem = numberFrom(map, u"maxTokens"_s, tr("The maximum number of tokens"), &maxTokens);
        !problem.isEmpty())
        return problem;
    parameters.maxTokens.reset();
    if (maxTokens && *maxTokens != 0) {
        if (*maxTokens != std::floor(*maxTokens) || *maxTokens < 1 || *maxTokens > 1e9)
            return tr("The maximum number of tokens must be a whole number of at least 1 (or left unset).");
        parameters.maxTokens = int(*maxTokens);
    }
    return preset->validate();
}

QVariantMap AssistantListModel::mapOf(const AssistantPreset &preset)
{
    const ConversationParameters &parameters = preset.parameters;
    QVariantMap map{
        {u"name"_s, preset.name},
        {u"systemPrompt"_s, parameters.systemPrompt},
        {u"model"_s, parameters.model},
        {u"profile"_s, parameters.profile},
        {u"greeting"_s, preset.greeting},
    };
    if (parameters.temperature)
        map.insert(u"temperature"_s, *parameters.temperature);
    if (parameters.topP)
        map.insert(u"topP"_s, *parameters.topP);
    if (parameters.maxTokens)
        map.insert(u"maxTokens"_s, *parameters.maxTokens);
    return map;
}
