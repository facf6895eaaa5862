// SPDX-License-Identifier: GPL-3.0-or-later
#include "providersettings.h"

#include "futurecallback.h"
#include "chatprovider.h"
#include "modellistreply.h"
#include "providerfactory.h"
#include "localserverdetector.h"
#include "profilepreset.h"
#include "profilestore.h"
#include "profilevalidation.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "uilogging.h"

#include <QVariantMap>

using namespace Qt::StringLiterals;

namespace {
const QString setupDoneKey = u"app/setupDone"_s;
} // namespace

ProviderSettings::ProviderSettings(ProfileStore *profiles, SecretStore *secrets, SessionSecrets *session,
                                   QNetworkAccessManager *network, const ProviderOverrides &overrides,
                                   QObject *parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_session(session)
    , m_network(network)
    , m_resolver(profiles, secrets, session)
    , m_overrides(overrides)
    , m_detector(new LocalServerDetector(network, this))
{
    reloadProfiles();
    connect(m_profiles, &ProfileStore::profilesChanged, this, [this] {
        reloadProfiles();
        Q_EMIT profilesChanged();
    });
    connect(m_profiles, &ProfileStore::currentChanged, this, [this] {
        reloadProfiles();
        Q_EMIT currentProfileChanged();
    });
    connect(m_detector, &LocalServerDetector::finished, this, [this](const QList<LocalServer> &answering) {
        m_localServers.clear();
        for (const LocalServer &server : answering) {
            m_localServers.append(QVariantMap{{u"presetId"_s, server.presetId},
                                              {u"name"_s, server.displayName},
                                              {u"baseUrl"_s, server.baseUrl.toString()},
                                              {u"models"_s, server.models}});
        }
        Q_EMIT localServersChanged();
    });
}

ProviderSettings::~ProviderSettings()
{
    if (m_keyCheck)
        m_keyCheck->abort();
}

void ProviderSettings::reloadProfiles()
{
    m_profileList.clear();
    const QList<ProviderProfile> profiles = m_profiles->profiles();
    for (const ProviderProfile &profile : profiles) {
        m_profileList.append(QVariantMap{{u"name"_s, profile.name},
                                         {u"kind"_s, ProviderKinds::id(profile.kind)},
                                         {u"kindName"_s, ProviderKinds::displayName(profile.kind)},
                                         {u"baseUrl"_s, profile.effectiveBaseUrl().toString()},
                                         {u"defaultModel"_s, profile.defaultModel},
                                         {u"keyRequired"_s, profile.keyRequired},
                                         {u"builtin"_s, profile.isBuiltin()}});
    }
    m_currentName = m_profiles->currentName();
}

QString ProviderSettings::currentProfile() const
{
    return m_overrides.profile.isEmpty() ? m_currentName : m_overrides.profile;
}

QVariantList ProviderSettings::presets() const
{
    QVariantList list;
    const QList<ProfilePreset> presets = ProfilePreset::all();
    for (const ProfilePreset &preset : presets) {
        list.append(QVariantMap{{u"id"_s, preset.id},
                                {u"name"_s, preset.displayName},
                                {u"kind"_s, ProviderKinds::id(preset.kind)},
                                {u"baseUrl"_s, preset.baseUrl.toString()},
                                {u"keyRequired"_s, preset.keyRequired},
                                {u"local"_s, preset.local}});
    }
    return list;
}

bool ProviderSettings::isDetecting() const
{
    return m_detector->isRunning();
}

bool ProviderSettings::firstRun() const
{
    return m_hasProblem && !m_settings.value(setupDoneKey).toBool() && m_profileList.size() <= 1 &&
           m_overrides.profile.isEmpty() && m_overrides.baseUrl.isEmpty();
}

void ProviderSettings::resolve()
{
    const int resolution = ++m_resolution;
    onFinished(m_resolver.resolve(m_overrides), this, [this, resolution](const ProviderResolution &result) {
        if (resolution != m_resolution)
            return; // the user changed something meanwhile
        if (result.error == ProviderResolution::Error::NoKeychain)
            setKeychainAvailable(false);
        const bool hadProblem = m_hasProblem;
        const ProviderSetup setup = ProviderSetup::fromResolution(result);
        m_hasProblem = !setup.problem.isEmpty();
        if (hadProblem != m_hasProblem)
            Q_EMIT firstRunChanged();
        Q_EMIT resolved(setup);
    });
}

QString ProviderSettings::setCurrentProfile(const QString &name)
{
    if (name == currentProfile())
        return {};
    const ProfileError error = m_profiles->setCurrent(name);
    if (error.kind != ProfileError::Kind::None)
        return error.message;
    // The user chose here: the command line's choice no longer holds.
    m_overrides = {};
    Q_EMIT currentProfileChanged();
    resolve();
    return {};
}

QString ProviderSettings::addProfile(const QString &presetId, const QString &name, const QString &baseUrl,
                                     const QString &model)
{
    const std::optional<ProfilePreset> preset = ProfilePreset::find(presetId);
    if (!preset)
        return tr("Choose what kind of server this is.");
    ProviderProfile profile = preset->toProfile(name.trimmed());
    if (!baseUrl.trimmed().isEmpty())
        profile.baseUrl = QUrl(baseUrl.trimmed());
    profile.defaultModel = model.trimmed();
    const ProfileError error = m_profiles->add(profile);
    if (error.kind != ProfileError::Kind::None)
        return error.message;
    return {};
}

QString ProviderSettings::updateProfile(const QString &name, const QString &baseUrl, const QString &model)
{
    std::optional<ProviderProfile> profile = m_profiles->profile(name);
    if (!profile)
        return tr("There is no profile named “%1”.").arg(name);
    profile->baseUrl = baseUrl.trimmed().isEmpty() ? QUrl() : QUrl(baseUrl.trimmed());
    profile->defaultModel = model.trimmed();
    const ProfileError error = m_profiles->update(*profile);
    if (error.kind != ProfileError::Kind::None)
        return error.message;
    if (profile->name.compare(currentProfile(), Qt::CaseInsensitive) == 0)
        resolve();
    return {};
}

QString ProviderSettings::removeProfile(const QString &name)
{
    const bool wasCurrent = name.compare(currentProfile(), Qt::CaseInsensitive) == 0;
    const ProfileError error = m_profiles->remove(name);
    if (error.kind != ProfileError::Kind::None)
        return error.message;
    m_session->remove(SecretStore::providerKey(name));
    onFinished(m_secrets->remove(SecretStore::providerKey(name)), this, [](const SecretError &failed) {
        if (failed.isError())
            qCWarning(lcUi) << "the removed profile's key stays in the keychain:" << failed.message;
    });
    if (wasCurrent) {
        m_overrides = {};
        Q_EMIT currentProfileChanged();
        resolve();
    }
    return {};
}

void ProviderSettings::checkAndSaveKey(const QString &profileName, const QString &key)
{
    const std::optional<ProviderProfile> profile = m_profiles->profile(profileName);
    if (!profile) {
        Q_EMIT keyChecked(profileName, false, tr("There is no profile named “%1”.").arg(profileName));
        return;
    }
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty()) {
        m_session->remove(SecretStore::providerKey(profile->name));
        onFinished(m_secrets->remove(SecretStore::providerKey(profile->name)), this,
                   [this, name = profile->name](const SecretError &failed) {
                       Q_EMIT keyChecked(name, !failed.isError(),
                                         failed.isError() ? failed.message : tr("The key was removed."));
                       resolve();
                   });
        return;
    }
    if (m_keyCheck)
        m_keyCheck->abort();

    // Tried before it is kept: a mistyped key is said at once, not at the first message.
    ProviderConfig config;
    config.baseUrl = profile->effectiveBaseUrl();
    config.apiKey = trimmed;
    config.extraHeaders = profile->extraHeaders;
    config.retry.maxRetries = 0;
    config.idleTimeout = std::chrono::seconds(20);
    ChatProvider *provider = createProvider(profile->kind, m_network, config, this);
    ModelListReply *reply = provider->listModels();
    reply->setParent(provider);
    setCheckingKey(reply);
    const QString name = profile->name;
    connect(reply, &ModelListReply::finished, this, [this, provider, name, trimmed] {
        provider->deleteLater();
        setCheckingKey(nullptr);
        keepKey(name, trimmed);
    });
    connect(reply, &ModelListReply::failed, this, [this, provider, name](const ProviderError &error) {
        provider->deleteLater();
        setCheckingKey(nullptr);
        Q_EMIT keyChecked(name, false, tr("The key was not kept: %1").arg(error.message()));
    });
}

void ProviderSettings::keepKey(const QString &profile, const QString &key)
{
    const QString entry = SecretStore::providerKey(profile);
    onFinished(m_secrets->write(entry, key), this, [this, profile, entry, key](const SecretError &failed) {
        if (!failed.isError()) {
            setKeychainAvailable(true);
            m_session->remove(entry);
            Q_EMIT keyChecked(profile, true, tr("The key works and is kept in your system's keychain."));
        } else if (failed.kind == SecretError::Kind::NoKeychain) {
            // Never in a file: for this session only, and said so.
            setKeychainAvailable(false);
            m_session->set(entry, key);
            Q_EMIT keyChecked(profile, true,
                              tr("The key works, but no keychain can be reached, so it is kept only until "
                                 "Confab quits. %1")
                                  .arg(SecretError::noKeychainMessage()));
        } else {
            Q_EMIT keyChecked(profile, false, tr("The key works but could not be kept: %1").arg(failed.message));
            return;
        }
        finishFirstRun();
        if (profile.compare(currentProfile(), Qt::CaseInsensitive) == 0)
            resolve();
    });
}

void ProviderSettings::detectLocalServers()
{
    m_detector->start();
    Q_EMIT localServersChanged(); // detecting
}

void ProviderSettings::finishFirstRun()
{
    if (m_settings.value(setupDoneKey).toBool())
        return;
    m_settings.setValue(setupDoneKey, true);
    Q_EMIT firstRunChanged();
}

void ProviderSettings::setKeychainAvailable(bool available)
{
    if (available == m_keychainAvailable)
        return;
    m_keychainAvailable = available;
    Q_EMIT keychainAvailableChanged();
}

void ProviderSettings::setCheckingKey(ModelListReply *reply)
{
    m_keyCheck = reply;
    Q_EMIT checkingKeyChanged();
}
