// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilevalidation.h"

#include "credentialpolicy.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileValidation", text);
}

ProfileError error(ProfileError::Kind kind, const QString &message)
{
    return {kind, message};
}

} // namespace

namespace ProfileValidation {

ProfileError checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return error(ProfileError::Kind::InvalidName,
                     tr("the profile name is empty: give a name such as 'ollama' or 'work'"));
    if (name.size() > 64)
        return error(ProfileError::Kind::InvalidName,
                     tr("the profile name is too long: give at most 64 characters"));
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (!valid.match(name).hasMatch())
        return error(ProfileError::Kind::InvalidName,
                     tr("invalid profile name '%1': use letters, digits, '.', '_' and '-', starting with a "
                        "letter or digit")
                         .arg(name));
    return {};
}

ProfileError checkBaseUrl(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https"))
        return error(ProfileError::Kind::InvalidUrl,
                     tr("invalid base URL '%1': give an http:// or https:// URL, such as "
                        "http://localhost:11434/v1")
                         .arg(url.toString(QUrl::RemoveUserInfo)));
    if (!url.userInfo().isEmpty())
        return error(ProfileError::Kind::SecretHeader,
                     tr("the base URL holds a user name or password: settings never hold a secret; give the "
                        "URL without it and store the key with 'confab-cli key set PROFILE'"));
    // A query is where a key hides (?key=…, ?api_key=…); it would be stored and shown.
    if (url.hasQuery() || url.hasFragment())
        return error(ProfileError::Kind::InvalidUrl,
                     tr("the base URL '%1' holds a query or fragment ('?…' or '#…'): settings never hold a "
                        "secret; give the URL without it and store the key with 'confab-cli key set PROFILE'")
                         .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)));
    return {};
}

ProfileError checkHeader(const QByteArray &name, const QByteArray &value)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (name.isEmpty() || !token.match(QString::fromLatin1(name)).hasMatch())
        return error(ProfileError::Kind::InvalidHeader,
                     tr("invalid header name '%1': give 'Name: value', such as 'HTTP-Referer: "
                        "https://example.org'")
                         .arg(QString::fromUtf8(name)));
    if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
        return error(ProfileError::Kind::InvalidHeader,
                     tr("the value of header '%1' holds a line break").arg(QString::fromLatin1(name)));
    if (CredentialPolicy::carriesCredential(name, value))
        return error(ProfileError::Kind::SecretHeader,
                     tr("header '%1' would carry a credential, and settings never hold a secret: store the "
                        "key with 'confab-cli key set PROFILE' (kept in the keychain and sent as the "
                        "provider's authentication header)")
                         .arg(QString::fromLatin1(name)));
    return {};
}

std::optional<QPair<QByteArray, QByteArray>> parseHeader(const QString &text, ProfileError *result)
{
    const qsizetype colon = text.indexOf(u':');
    const QByteArray name = text.left(colon < 0 ? text.size() : colon).trimmed().toUtf8();
    if (colon < 0) {
        if (result)
            *result = error(ProfileError::Kind::InvalidHeader,
                            tr("invalid header '%1': give 'Name: value'").arg(QString::fromUtf8(name)));
        return std::nullopt;
    }
    const QByteArray value = text.mid(colon + 1).trimmed().toUtf8();
    const ProfileError checked = checkHeader(name, value);
    if (result)
        *result = checked;
    if (checked.isError())
        return std::nullopt;
    return qMakePair(name, value);
}

ProfileError check(const ProviderProfile &profile)
{
    if (ProfileError e = checkName(profile.name); e.isError())
        return e;
    if (ProfileError e = checkBaseUrl(profile.baseUrl); e.isError())
        return e;
    if (profile.kind == ProviderKind::OpenAiCompatible && profile.baseUrl.isEmpty())
        return error(ProfileError::Kind::InvalidUrl,
                     tr("an OpenAI-compatible profile needs its server's base URL, such as "
                        "http://localhost:11434/v1 (or a preset: %1)")
                         .arg(QStringLiteral("ollama, lmstudio, llamacpp, vllm, openrouter")));
    for (const auto &[name, value] : profile.extraHeaders) {
        if (ProfileError e = checkHeader(name, value); e.isError())
            return e;
    }
    return {};
}

} // namespace ProfileValidation
