// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

#include <optional>

// Which wire format a provider profile speaks. OpenAI-compatible servers (Ollama, LM Studio,
// llama.cpp, vLLM, OpenRouter) speak OpenAI's; only the default URL and the need for a key differ.
enum class ProviderKind {
    OpenAi,           // api.openai.com
    OpenAiCompatible, // any server copying the Chat Completions API, by base URL
    Anthropic,        // the Messages API
    Gemini,           // Google's generateContent API
};

namespace ProviderKinds {

// The stable name written to settings and accepted on the command line: "openai",
// "openai-compatible", "anthropic", "gemini".
QString id(ProviderKind kind);
std::optional<ProviderKind> fromId(QStringView id);
// For people: "OpenAI", "OpenAI-compatible server", "Anthropic", "Google Gemini".
QString displayName(ProviderKind kind);
// The base URL a profile of this kind uses when it names none (empty for OpenAiCompatible).
QUrl defaultBaseUrl(ProviderKind kind);
// The environment variable whose key overrides the keychain for a session ("" for none):
// OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY.
QString keyEnvironmentVariable(ProviderKind kind);

} // namespace ProviderKinds
