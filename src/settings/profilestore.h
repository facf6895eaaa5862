// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "profileerror.h"
#include "providerprofile.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QSettings;

// The provider profiles and which one is current, in the settings both executables share
// (QSettings "Confab"/"Confab": ~/.config/Confab/Confab.conf on Linux). Each call reads the
// settings afresh, so a profile added by confab-cli shows in a running window's next read.
// Settings hold no secret: keys live in the keychain (SecretStore::providerKey()), and removing
// a profile here leaves its key for the caller to remove there.
//
// The `openai` profile is always there: it can be edited, not removed.
class ProfileStore : public QObject
{
    Q_OBJECT

public:
    // The shared settings.
    explicit ProfileStore(QObject *parent = nullptr);
    // The settings in the INI file `settingsFile` (for tests).
    explicit ProfileStore(const QString &settingsFile, QObject *parent = nullptr);

    // Every profile, `openai` first, then by name.
    QList<ProviderProfile> profiles() const;
    // The profile named `name` (compared without case).
    std::optional<ProviderProfile> profile(const QString &name) const;

    // The current profile's name: the one chosen last, else `openai`.
    QString currentName() const;
    ProviderProfile current() const;
    ProfileError setCurrent(const QString &name);

    // Adds a new profile; Duplicate when its name is taken.
    ProfileError add(const ProviderProfile &profile);
    // Replaces the profile of that name (the built-in one too); NotFound when there is none.
    ProfileError update(const ProviderProfile &profile);
    // Removes the profile (Builtin for `openai`). When it was current, `openai` becomes current.
    ProfileError remove(const QString &name);

Q_SIGNALS:
    void profilesChanged();
    void currentChanged();

private:
    std::unique_ptr<QSettings> settings() const;
    void write(QSettings &settings, const ProviderProfile &profile) const;
    // The group the profile of that name is stored under, in its stored case; empty when none.
    QString storedGroup(QSettings &settings, const QString &name) const;

    QString m_file; // empty: the shared settings
};
