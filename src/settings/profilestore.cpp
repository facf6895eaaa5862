// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilestore.h"

#include "privatesettings.h"
#include "profilevalidation.h"
#include "settingslogging.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString profilesGroup = u"profiles"_s;
const QString currentKey = u"provider/profile"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileStore", text);
}

ProfileError notFound(const QString &name)
{
    return {ProfileError::Kind::NotFound,
            tr("no profile named '%1'; 'confab-cli profiles list' shows them").arg(name)};
}

} // namespace

ProfileStore::ProfileStore(QObject *parent)
    : QObject(parent)
{}

ProfileStore::ProfileStore(const QString &settingsFile, QObject *parent)
    : QObject(parent)
    , m_file(settingsFile)
{}

std::unique_ptr<QSettings> ProfileStore::settings() const
{
    if (m_file.isEmpty())
        return std::make_unique<PrivateSettings>(u"Confab"_s, u"Confab"_s);
    return std::make_unique<PrivateSettings>(m_file, QSettings::IniFormat);
}

QString ProfileStore::storedGroup(QSettings &settings, const QString &name) const
{
    settings.beginGroup(profilesGroup);
    const QStringList groups = settings.childGroups();
    settings.endGroup();
    for (const QString &group : groups) {
        if (group.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return group;
    }
    return {};
}

QList<ProviderProfile> ProfileStore::profiles() const
{
    const auto s = settings();
    s->beginGroup(profilesGroup);
    const QStringList groups = s->childGroups();
    s->endGroup();
    QList<ProviderProfile> result;
    bool builtinStored = false;
    for (const QString &group : groups) {
        if (const auto found = profile(group)) {
            builtinStored = builtinStored || found->isBuiltin();
            result.append(*found);
        }
    }
    if (!builtinStored)
        result.append(ProviderProfile::builtin());
    std::sort(result.begin(), result.end(), [](const ProviderProfile &a, const ProviderProfile &b) {
        if (a.isBuiltin() != b.isBuiltin())
            return a.isBuiltin();
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return result;
}

std::optional<ProviderProfile> ProfileStore::profile(const QString &name) const
{
    const auto s = settings();
    const QString group = storedGroup(*s, name);
    if (group.isEmpty()) {
        if (name.trimmed().compare(ProviderProfile::builtinName(), Qt::CaseInsensitive) == 0)
            return ProviderProfile::builtin();
        return std::nullopt;
    }
    s->beginGroup(profilesGroup + u'/' + group);
    ProviderProfile profile;
    profile.name = group;
    const auto kind = ProviderKinds::fromId(s->value(u"kind"_s).toString());
    if (!kind) {
        qCWarning(lcSettings) << "profile" << group << "has an unknown kind; skipped";
        return std::nullopt;
    }
    profile.kind = *kind;
    profile.baseUrl = QUrl(s->value(u"baseUrl"_s).toString());
    profile.defaultModel = s->value(u"defaultModel"_s).toString();
    profile.keyRequired = s->value(u"keyRequired"_s, true).toBool();
    for (const QString &header : s->value(u"headers"_s).toStringList()) {
        ProfileError error;
        if (const auto parsed = ProfileValidation::parseHeader(header, &error))
            profile.extraHeaders.append(*parsed);
        else
            qCWarning(lcSettings) << "profile" << group << "has an invalid header; skipped";
    }
    return profile;
}

QString ProfileStore::currentName() const
{
    const QString stored = settings()->value(currentKey).toString();
    if (!stored.isEmpty()) {
        if (const auto found = profile(stored))
            return found->name;
    }
    return ProviderProfile::builtinName();
}

ProviderProfile ProfileStore::current() const
{
    return profile(currentName()).value_or(ProviderProfile::builtin());
}

ProfileError ProfileStore::setCurrent(const QString &name)
{
    const auto found = profile(name);
    if (!found)
        return notFound(name);
    if (found->name == currentName())
        return {};
    settings()->setValue(currentKey, found->name);
    Q_EMIT currentChanged();
    return {};
}

void ProfileStore::write(QSettings &settings, const ProviderProfile &profile) const
{
    settings.beginGroup(profilesGroup + u'/' + profile.name);
    settings.setValue(u"kind"_s, ProviderKinds::id(profile.kind));
    settings.setValue(u"baseUrl"_s, profile.baseUrl.toString());
    settings.setValue(u"defaultModel"_s, profile.defaultModel);
    settings.setValue(u"keyRequired"_s, profile.keyRequired);
    QStringList headers;
    for (const auto &[name, value] : profile.extraHeaders)
        headers.append(QString::fromUtf8(name + ": " + value));
    settings.setValue(u"headers"_s, headers);
    settings.endGroup();
}

ProfileError ProfileStore::add(const ProviderProfile &profile)
{
    if (ProfileError error = ProfileValidation::check(profile); error.isError())
        return error;
    const auto s = settings();
    if (!storedGroup(*s, profile.name).isEmpty() || profile.isBuiltin())
        return {ProfileError::Kind::Duplicate,
                tr("a profile named '%1' exists already: choose another name, or remove it first")
                    .arg(profile.name)};
    write(*s, profile);
    s->sync();
    Q_EMIT profilesChanged();
    return {};
}

ProfileError ProfileStore::update(const ProviderProfile &profile)
{
    if (ProfileError error = ProfileValidation::check(profile); error.isError())
        return error;
    const auto s = settings();
    const QString group = storedGroup(*s, profile.name);
    if (group.isEmpty() && !profile.isBuiltin())
        return notFound(profile.name);
    ProviderProfile stored = profile;
    stored.name = group.isEmpty() ? ProviderProfile::builtinName() : group;
    s->remove(profilesGroup + u'/' + stored.name);
    write(*s, stored);
    s->sync();
    Q_EMIT profilesChanged();
    return {};
}

ProfileError ProfileStore::remove(const QString &name)
{
    if (name.trimmed().compare(ProviderProfile::builtinName(), Qt::CaseInsensitive) == 0)
        return {ProfileError::Kind::Builtin,
                tr("the 'openai' profile cannot be removed; change it instead (its key: 'confab-cli key rm "
                   "openai')")};
    const bool wasCurrent = currentName().compare(name.trimmed(), Qt::CaseInsensitive) == 0;
    const auto s = settings();
    const QString group = storedGroup(*s, name);
    if (group.isEmpty())
        return notFound(name);
    s->remove(profilesGroup + u'/' + group);
    if (wasCurrent)
        s->remove(currentKey);
    s->sync();
    Q_EMIT profilesChanged();
    if (wasCurrent)
        Q_EMIT currentChanged();
    return {};
}
