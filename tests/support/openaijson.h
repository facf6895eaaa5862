// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// The JSON documents of OpenAI's Chat Completions API, shaped as the real service sends them
// (ids, `created`, `system_fingerprint`, `logprobs: null`, `usage: null` and all), compact.
class OpenAiJson
{
public:
    // How a usage chunk writes its empty choices.
    enum class EmptyChoices { Array, Null, Absent };

    static QString defaultModel(); // "gpt-4o-2024-08-06"

    // A chat.completion.chunk with one choice of index `index` carrying `delta` and
    // `finishReason` (null when it is a null QJsonValue).
    static QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null,
                            int index = 0);
    // The same with several choices, e.g. for n > 1.
    static QByteArray chunkWithChoices(const QJsonArray &choices);
    static QJsonObject choice(const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null,
                              int index = 0);

    static QByteArray roleChunk();                                      // role: assistant, content ""
    static QByteArray contentChunk(const QString &text, int index = 0); // delta.content
    static QByteArray refusalChunk(const QString &text, int index = 0); // delta.refusal
    // delta.reasoning_content (DeepSeek, vLLM, llama.cpp, LM Studio) or delta.reasoning
    // (OpenRouter, Ollama), as `field` says, with content null as DeepSeek sends it.
    static QByteArray reasoningChunk(const QString &text,
                                     const QString &field = QStringLiteral("reasoning_content"));
    static QByteArray finishChunk(const QString &reason, int index = 0); // empty delta, finish_reason
    // The final chunk sent with stream_options.include_usage. `reasoningTokens` < 0 leaves out
    // completion_tokens_details.
    static QByteArray usageChunk(qint64 promptTokens, qint64 completionTokens, qint64 reasoningTokens = -1,
                                 EmptyChoices choices = EmptyChoices::Array);

    // {"error":{"message","type","param","code"}}; empty strings become nulls.
    static QByteArray error(const QString &message, const QString &type = {}, const QString &code = {},
                            const QString &param = {});
    // {"error":"message"}, as some compatible servers send it.
    static QByteArray errorString(const QString &message);

    // {"object":"list","data":[{"id":…,"object":"model",…}, …]} in the given order.
    static QByteArray modelList(const QStringList &ids);

    static QByteArray compact(const QJsonObject &object);
};
