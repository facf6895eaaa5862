// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "profileerror.h"
#include "providerprofile.h"

#include <QByteArray>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

// The rules a profile must follow before it is stored. Settings never hold a secret, so an
// extra header that carries a credential (CredentialPolicy::carriesCredential: Authorization, a
// name ending in key, token or secret, a value such as "Bearer …" or "sk-…") is refused with a pointer to
// `confab-cli key set`: the profile's key is stored in the keychain and sent in the provider's own
// authentication header.
namespace ProfileValidation {

// 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.
ProfileError checkName(const QString &name);
// Empty (the kind's default) or an http:// or https:// URL with a host, and without user info,
// a query or a fragment. Every base URL Confab uses passes here: profiles, --base-url and
// OPENAI_BASE_URL (through ProviderResolver).
ProfileError checkBaseUrl(const QUrl &url);
ProfileError checkHeader(const QByteArray &name, const QByteArray &value);
// Reads "Name: value" as given to --header.
std::optional<QPair<QByteArray, QByteArray>> parseHeader(const QString &text, ProfileError *error);
// All of the above for one profile.
ProfileError check(const ProviderProfile &profile);

} // namespace ProfileValidation
