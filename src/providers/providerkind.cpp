// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerkind.h"

using namespace Qt::StringLiterals;

namespace ProviderKinds {

QString id(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return u"openai"_s;
    case ProviderKind::OpenAiCompatible:
        return u"openai-compatible"_s;
    case ProviderKind::Anthropic:
        return u"anthropic"_s;
    case ProviderKind::Gemini:
        return u"gemini"_s;
    }
    return u"openai"_s;
}

std::optional<ProviderKind> fromId(QStringView id)
{
    for (ProviderKind kind :
         {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible, ProviderKind::Anthropic, ProviderKind::Gemini}) {
        if (id.compare(ProviderKinds::id(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString displayName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return QStringLiteral("OpenAI");
    case ProviderKind::OpenAiCompatible:
        return QStringLiteral("OpenAI-compatible server");
    case ProviderKind::Anthropic:
        return QStringLiteral("Anthropic");
    case ProviderKind::Gemini:
        return QStringLiteral("Google Gemini");
    }
    return {};
}

QUrl defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return QUrl(u"https://api.openai.com/v1"_s);
    case ProviderKind::OpenAiCompatible:
        return {};
    case ProviderKind::Anthropic:
        return QUrl(u"https://api.anthropic.com/v1"_s);
    case ProviderKind::Gemini:
        return QUrl(u"https://generativelanguage.googleapis.com/v1beta"_s);
    }
    return {};
}

QString keyEnvironmentVariable(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return u"OPENAI_API_KEY"_s;
    case ProviderKind::OpenAiCompatible:
        return {};
    case ProviderKind::Anthropic:
        return u"ANTHROPIC_API_KEY"_s;
    case ProviderKind::Gemini:
        return u"GEMINI_API_KEY"_s;
    }
    return {};
}

} // namespace ProviderKinds
