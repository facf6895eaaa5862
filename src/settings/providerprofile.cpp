// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerprofile.h"

ProviderProfile ProviderProfile::builtin()
{
    ProviderProfile profile;
    profile.name = builtinName();
    profile.kind = ProviderKind::OpenAi;
    return profile;
}

QUrl ProviderProfile::effectiveBaseUrl() const
{
    return baseUrl.isEmpty() ? ProviderKinds::defaultBaseUrl(kind) : baseUrl;
}

bool ProviderProfile::isBuiltin() const
{
    return name.compare(builtinName(), Qt::CaseInsensitive) == 0;
}
