// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modellistreply.h"
#include "providersetup.h"
#include "privatesettings.h"
#include "providerresolver.h"

#include <QObject>
#include <QPointer>
#include <QSettings>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class LocalServerDetector;
class ProfileStore;
class QNetworkAccessManager;
class SecretStore;
class SessionSecrets;

// The provider part of the settings page and of the first run: the profiles, the current one,
// their keys (checked with a models request before they are kept, then kept in the keychain
// only, or for this session only where there is no keychain), and the local servers that
// answer. Resolves the current profile (ProviderResolver) and reports it with resolved(), so
// both executables use what is set here.
class ProviderSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The provider settings are AppContext.providers")
    // [{name, kind, kindName, baseUrl, defaultModel, keyRequired, builtin}]
    Q_PROPERTY(QVariantList profiles READ profiles NOTIFY profilesChanged)
    Q_PROPERTY(QString currentProfile READ currentProfile NOTIFY currentProfileChanged)
    // [{id, name, kind, baseUrl, keyRequired, local}]
    Q_PROPERTY(QVariantList presets READ presets CONSTANT)
    // [{presetId, name, baseUrl, models}]: local servers that answered detectLocalServers()
    Q_PROPERTY(QVariantList localServers READ localServers NOTIFY localServersChanged)
    Q_PROPERTY(bool detecting READ isDetecting NOTIFY localServersChanged)
    // False once a keychain operation found none: keys are then kept for this session only.
    Q_PROPERTY(bool keychainAvailable READ keychainAvailable NOTIFY keychainAvailableChanged)
    // Nothing is set up yet (no key, no other profile) and the user has not dismissed the setup.
    Q_PROPERTY(bool firstRun READ firstRun NOTIFY firstRunChanged)
    Q_PROPERTY(bool checkingKey READ isCheckingKey NOTIFY checkingKeyChanged)

public:
    // Every pointer outlives this object. `overrides`: --profile, --base-url and --model, for
    // this run until the user chooses otherwise here.
    ProviderSettings(ProfileStore *profiles, SecretStore *secrets, SessionSecrets *session,
                     QNetworkAccessManager *network, const ProviderOverrides &overrides, QObject *parent = nullptr);
    ~ProviderSettings() override;

    QVariantList profiles() const { return m_profileList; }
    QString currentProfile() const;
    QVariantList presets() const;
    QVariantList localServers() const { return m_localServers; }
    bool isDetecting() const;
    bool keychainAvailable() const { return m_keychainAvailable; }
    bool firstRun() const;
    bool isCheckingKey() const { return m_keyCheck; }

    // Resolves the current profile again; resolved() follows.
    void resolve();

    // Each returns an error message for the user, or an empty string.
    Q_INVOKABLE QString setCurrentProfile(const QString &name);
    Q_INVOKABLE QString addProfile(const QString &presetId, const QString &name, const QString &baseUrl,
                                   const QString &model);
    Q_INVOKABLE QString updateProfile(const QString &name, const QString &baseUrl, const QString &model);
    Q_INVOKABLE QString removeProfile(const QString &name);

    // Asks the profile's server for its models with `key`; only when that works is the key kept
    // (keyChecked tells). An empty key removes the stored one.
    Q_INVOKABLE void checkAndSaveKey(const QString &profile, const QString &key);
    Q_INVOKABLE void detectLocalServers();
    // The first-run screen was answered (or dismissed): it does not come back.
    Q_INVOKABLE void finishFirstRun();

Q_SIGNALS:
    void resolved(const ProviderSetup &setup);
    void profilesChanged();
    void currentProfileChanged();
    void localServersChanged();
    void keychainAvailableChanged();
    void firstRunChanged();
    void checkingKeyChanged();
    // `message` says what happened: saved (and where), or why the key was not accepted.
    void keyChecked(const QString &profile, bool ok, const QString &message);

private:
    // The profiles as last read: ProfileStore reads its file at every call, and QML asks often.
    void reloadProfiles();
    void keepKey(const QString &profile, const QString &key);
    void setKeychainAvailable(bool available);
    void setCheckingKey(ModelListReply *reply);

    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    SessionSecrets *m_session;
    QNetworkAccessManager *m_network;
    ProviderResolver m_resolver;
    ProviderOverrides m_overrides;
    PrivateSettings m_settings;
    LocalServerDetector *m_detector;
    QVariantList m_profileList;
    QString m_currentName;
    QVariantList m_localServers;
    QPointer<ModelListReply> m_keyCheck;
    bool m_keychainAvailable = true;
    bool m_hasProblem = false; // the last resolution could not be used
    int m_resolution = 0;      // answers to older resolve() calls are dropped
};
