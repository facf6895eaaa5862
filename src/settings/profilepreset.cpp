// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilepreset.h"

#include <QStringList>

using namespace Qt::StringLiterals;

QList<ProfilePreset> ProfilePreset::all()
{
    using K = ProviderKind;
    // Local servers take no key unless started with one (LM Studio, llama.cpp's --api-key and
    // vLLM's --api-key can ask for one: the key is then sent when stored, but not demanded).
    return {
        {u"ollama"_s, u"Ollama"_s, K::OpenAiCompatible, QUrl(u"http://localhost:11434/v1"_s), false, true},
        {u"lmstudio"_s, u"LM Studio"_s, K::OpenAiCompatible, QUrl(u"http://localhost:1234/v1"_s), false,
         true},
        {u"llamacpp"_s, u"llama.cpp server"_s, K::OpenAiCompatible, QUrl(u"http://localhost:8080/v1"_s),
         false, true},
        {u"vllm"_s, u"vLLM"_s, K::OpenAiCompatible, QUrl(u"http://localhost:8000/v1"_s), false, true},
        {u"openrouter"_s, u"OpenRouter"_s, K::OpenAiCompatible, QUrl(u"https://openrouter.ai/api/v1"_s), true,
         false},
        {u"openai"_s, u"OpenAI"_s, K::OpenAi, ProviderKinds::defaultBaseUrl(K::OpenAi), true, false},
        {u"anthropic"_s, u"Anthropic"_s, K::Anthropic, ProviderKinds::defaultBaseUrl(K::Anthropic), true,
         false},
        {u"gemini"_s, u"Google Gemini"_s, K::Gemini, ProviderKinds::defaultBaseUrl(K::Gemini), true, false},
    };
}

std::optional<ProfilePreset> ProfilePreset::find(QStringView id)
{
    for (const ProfilePreset &preset : all()) {
        if (id.compare(preset.id, Qt::CaseInsensitive) == 0)
            return preset;
    }
    return std::nullopt;
}

QString ProfilePreset::idList()
{
    QStringList ids;
    for (const ProfilePreset &preset : all())
        ids.append(preset.id);
    return ids.join(u", "_s);
}

ProviderProfile ProfilePreset::toProfile(const QString &name) const
{
    ProviderProfile profile;
    profile.name = name;
    profile.kind = kind;
    // A kind's own default URL is left empty, so the profile follows it if it ever moves.
    profile.baseUrl = baseUrl == ProviderKinds::defaultBaseUrl(kind) ? QUrl() : baseUrl;
    profile.keyRequired = keyRequired;
    return profile;
}
