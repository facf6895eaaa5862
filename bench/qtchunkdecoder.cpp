// SPDX-License-Identifier: GPL-3.0-or-later
#include "qtchunkdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

void readChoice(const QJsonObject &choice, OpenAiChunk &chunk)
{
    const QJsonObject delta = choice.value("delta"_L1).toObject();
    if (const QJsonValue content = delta.value("content"_L1); content.isString())
        chunk.content = content.toString();
    if (const QJsonValue refusal = delta.value("refusal"_L1); refusal.isString())
        chunk.refusal = refusal.toString();
    if (const QJsonValue reason = choice.value("finish_reason"_L1); reason.isString())
        chunk.finishReason = reason.toString();
}

void readUsage(const QJsonObject &object, std::optional<TokenUsage> &usage)
{
    TokenUsage counts;
    counts.promptTokens = object.value("prompt_tokens"_L1).toInteger();
    counts.completionTokens = object.value("completion_tokens"_L1).toInteger();
    counts.totalTokens = object.value("total_tokens"_L1).toInteger();
    counts.reasoningTokens =
        object.value("completion_tokens_details"_L1).toObject().value("reasoning_tokens"_L1).toInteger();
    usage = counts;
}

} // namespace

bool QtChunkDecoder::decode(const QByteArray &data, OpenAiChunk &chunk, bool &done)
{
    chunk.clear();
    done = data.trimmed() == "[DONE]";
    if (done)
        return false;
    const QJsonDocument document = QJsonDocument::fromJson(data);
    if (!document.isObject())
        return false;
    const QJsonObject object = document.object();
    const QJsonArray choices = object.value("choices"_L1).toArray();
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const QJsonObject choice = choices.at(i).toObject();
        if (choice.value("index"_L1).toInteger(i) == 0) {
            readChoice(choice, chunk);
            break;
        }
    }
    chunk.model = object.value("model"_L1).toString();
    if (const QJsonValue usage = object.value("usage"_L1); usage.isObject())
        readUsage(usage.toObject(), chunk.usage);
    if (const QJsonValue error = object.value("error"_L1); error.isObject()) {
        const QJsonObject fields = error.toObject();
        chunk.error =
            OpenAiChunk::Error{fields.value("message"_L1).toString(), fields.value("type"_L1).toString(),
                               fields.value("code"_L1).toVariant().toString()};
    } else if (error.isString()) {
        chunk.error = OpenAiChunk::Error{error.toString(), {}, {}};
    }
    return true;
}
