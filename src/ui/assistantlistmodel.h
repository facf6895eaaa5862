// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistantpreset.h"

#include <QAbstractListModel>
#include <QList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class AssistantStore;

// The assistants for QML, in the order they were added. Edits take a map with the keys of the
// roles: name, systemPrompt, model, profile, greeting (strings), temperature, topP (numbers;
// missing, null, undefined or NaN = unset) and maxTokens (number; missing or 0 = unset). Each
// returns an empty string when done, else what is wrong, for the user; nothing changes then.
class AssistantListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The assistants are AppContext.assistants")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        SystemPromptRole,
        ModelRole,
        ProfileRole,
        TemperatureRole, // number, or undefined when unset
        TopPRole,        // number, or undefined when unset
        MaxTokensRole,   // number, or undefined when unset
        GreetingRole,
    };
    Q_ENUM(Roles)

    explicit AssistantListModel(AssistantStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_presets.size()); }

    Q_INVOKABLE QString add(const QVariantMap &preset);
    // Replaces the assistant named `name` (it may be renamed).
    Q_INVOKABLE QString update(const QString &name, const QVariantMap &preset);
    Q_INVOKABLE QString remove(const QString &name);
    // The assistant as a map with the keys above (unset parameters left out); empty when none.
    Q_INVOKABLE QVariantMap get(const QString &name) const;
    Q_INVOKABLE int rowOf(const QString &name) const; // -1 when none
    // Reads the store again (after another window or program changed it).
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void countChanged();

private:
    // The preset a map describes, or why it cannot be one.
    static QString presetFrom(const QVariantMap &map, AssistantPreset *preset);
    static QVariantMap mapOf(const AssistantPreset &preset);
    // Writes `presets`; on success they become the model's.
    QString commit(const QList<AssistantPreset> &presets);

    AssistantStore *m_store;
    QList<AssistantPreset> m_presets;
};
