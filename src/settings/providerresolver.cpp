// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerresolver.h"

#include "profilestore.h"
#include "profilevalidation.h"
#include "readyfuture.h"
#include "secretstore.h"
#include "sessionsecrets.h"
#include "settingslogging.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProviderResolver", text);
}

ProviderResolution failure(ProviderResolution::Error error, const QString &message)
{
    ProviderResolution resolution;
    resolution.error = error;
    resolution.message = message;
    return resolution;
}

// A URL as given, for a message: without what may be a password (before the last '@') or a key
// (in the query), even when the URL cannot be read.
QString shown(QString text)
{
    const qsizetype scheme = text.indexOf(u"://");
    const qsizetype at = text.lastIndexOf(u'@');
    if (scheme >= 0 && at > scheme)
        text = text.left(scheme + 3) + u"***"_s + text.mid(at);
    for (const QChar stop : {u'?', u'#'}) {
        if (const qsizetype cut = text.indexOf(stop); cut >= 0)
            text = text.left(cut);
    }
    return text;
}

bool sameHost(const QUrl &a, const QUrl &b)
{
    return a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port(-1) == b.port(-1);
}

QString noKeyMessage(const ResolvedProvider &provider)
{
    const QString name = provider.profile.name;
    QString message = tr("no API key for profile '%1': store one with 'confab-cli key set %1' (it reads the "
                         "key from standard input)")
                          .arg(name);
    const QString variable = ProviderKinds::keyEnvironmentVariable(provider.kind);
    if (!variable.isEmpty())
        message += tr(", or set %1 for this session").arg(variable);
    if (provider.kind == ProviderKind::OpenAi)
        message += tr(", or give --base-url for a local server that needs none");
    return message;
}

} // namespace

ProviderResolver::ProviderResolver(ProfileStore *profiles, SecretStore *secrets, SessionSecrets *session)
    : m_profiles(profiles)
    , m_secrets(secrets)
    , m_session(session)
{}

QFuture<ProviderResolution> ProviderResolver::resolve(const ProviderOverrides &overrides) const
{
    const QString wanted = overrides.profile.trimmed();
    const std::optional<ProviderProfile> profile =
        m_profiles->profile(wanted.isEmpty() ? m_profiles->currentName() : wanted);
    if (!profile)
        return readyFuture(failure(ProviderResolution::Error::NoSuchProfile,
                                   tr("no profile named '%1'; 'confab-cli profiles list' shows them and "
                                      "'confab-cli profiles add' makes one")
                                       .arg(wanted)));

    ProviderResolution resolution;
    ResolvedProvider &provider = resolution.provider;
    provider.profile = *profile;
    provider.kind = profile->kind;
    const bool openAi = profile->kind == ProviderKind::OpenAi;

    QString base = overrides.baseUrl.trimmed();
    if (base.isEmpty() && openAi)
        base = m_environment.value(u"OPENAI_BASE_URL"_s).trimmed();
    provider.config.baseUrl = base.isEmpty() ? profile->effectiveBaseUrl() : QUrl(base, QUrl::StrictMode);
    const QUrl &url = provider.config.baseUrl;
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return readyFuture(
            failure(ProviderResolution::Error::InvalidOption,
                    tr("invalid base URL '%1': give an http:// or https:// URL, such as "
                       "http://localhost:11434/v1")
                        .arg(base.isEmpty() ? url.toString(QUrl::RemoveUserInfo) : shown(base))));
    // The same rules as a stored profile's: no user info and no query reach a request, the
    // model cache or the settings.
    if (const ProfileError invalid = ProfileValidation::checkBaseUrl(url); invalid.isError())
        return readyFuture(failure(ProviderResolution::Error::InvalidOption, invalid.message));

    provider.modelFromCommandLine = !overrides.model.trimmed().isEmpty();
    provider.model = overrides.model.trimmed();
    if (provider.model.isEmpty() && openAi)
        provider.model = m_environment.value(u"OPENAI_MODEL"_s).trimmed();
    if (provider.model.isEmpty())
        provider.model = profile->defaultModel;

    if (openAi) {
        provider.config.organization = m_environment.value(u"OPENAI_ORG_ID"_s);
        provider.config.project = m_environment.value(u"OPENAI_PROJECT_ID"_s);
    }
    provider.config.extraHeaders = profile->extraHeaders;

    const QString variable = ProviderKinds::keyEnvironmentVariable(profile->kind);
    if (const QString key = variable.isEmpty() ? QString() : m_environment.value(variable).trimmed();
        !key.isEmpty()) {
        provider.config.apiKey = key;
        provider.keySource = ResolvedProvider::KeySource::Environment;
        return readyFuture(resolution);
    }
    const QString entry = SecretStore::providerKey(profile->name);
    if (m_session) {
        if (const std::optional<QString> key = m_session->value(entry)) {
            provider.config.apiKey = *key;
            provider.keySource = ResolvedProvider::KeySource::Session;
            return readyFuture(resolution);
        }
    }

    // Pointed at another server than its own, a profile's need for a key no longer holds.
    const bool needed = profile->keyRequired && sameHost(url, profile->effectiveBaseUrl());
    return m_secrets->read(entry).then([resolution, needed](const SecretResult &read) mutable {
        ResolvedProvider &provider = resolution.provider;
        if (read.ok()) {
            provider.config.apiKey = read.secret.trimmed();
            provider.keySource = ResolvedProvider::KeySource::Keychain;
            return resolution;
        }
        if (!needed) {
            if (read.error.kind != SecretError::Kind::NotFound)
                qCInfo(lcSettings).noquote() << "going on without a key:" << read.error.message;
            return resolution;
        }
        switch (read.error.kind) {
        case SecretError::Kind::NotFound:
            return failure(ProviderResolution::Error::NoKey, noKeyMessage(provider));
        case SecretError::Kind::NoKeychain: {
            QString message = tr("cannot read the API key of profile '%1': %2")
                                  .arg(provider.profile.name, read.error.message);
            return failure(ProviderResolution::Error::NoKeychain, message);
        }
        default:
            return failure(ProviderResolution::Error::Keychain,
                           tr("cannot read the API key of profile '%1': %2")
                               .arg(provider.profile.name, read.error.message));
        }
    });
}
