// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaichunkdecoder.h"

#include "jsonreader.h"

#include <cstring>

namespace {

using Type = JsonReader::Type;

template<qsizetype N> bool is(QByteArrayView key, const char (&name)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDone(QByteArrayView data)
{
    qsizetype begin = 0;
    qsizetype end = data.size();
    while (begin < end && isSpace(data[begin]))
        ++begin;
    if (begin == end || data[begin] != '[')
        return false;
    while (isSpace(data[end - 1]))
        --end;
    return is(data.sliced(begin, end - begin), "[DONE]");
}

// Reads a string into `out` and returns true; any other value (null included) is skipped and
// leaves `out` as it was.
bool readString(JsonReader &reader, QString &out)
{
    if (reader.peek() == Type::String)
        return reader.readString(out);
    reader.skipValue();
    return false;
}

// Reads an integer into `out`; any other value is skipped and leaves `out` as it was.
void readInteger(JsonReader &reader, qint64 &out)
{
    if (reader.peek() != Type::Number) {
        reader.skipValue();
        return;
    }
    if (const std::optional<qint64> value = reader.readInteger())
        out = *value;
}

struct DeltaTarget
{
    QString &content;
    QString &refusal;
    QString &reasoning;
    bool hasContent = false;
    bool hasRefusal = false;
    bool hasReasoning = false;
};

void readDelta(JsonReader &reader, DeltaTarget &target)
{
    if (reader.peek() != Type::Object) {
        reader.skipValue();
        return;
    }
    reader.enterObject();
    QByteArrayView key;
    while (reader.nextKey(key)) {
        if (is(key, "content"))
            target.hasContent |= readString(reader, target.content);
        else if (is(key, "refusal"))
            target.hasRefusal |= readString(reader, target.refusal);
        // Servers moving from one name to the other send both, with the same text: one is read.
        else if ((is(key, "reasoning_content") || is(key, "reasoning")) && target.reasoning.isEmpty())
            target.hasReasoning |= readString(reader, target.reasoning);
        else
            reader.skipValue(); // role, tool_calls, and whatever comes next
    }
}

// Only the choice with index 0 is wanted; a choice without an index counts by its position.
// The index usually comes first, and then the delta goes straight into the chunk; if it comes
// after the delta, the delta waits in local strings until the index is known.
void readChoice(JsonReader &reader, OpenAiChunk &chunk, qint64 position)
{
    if (reader.peek() != Type::Object) {
        reader.skipValue();
        return;
    }
    reader.enterObject();
    std::optional<qint64> index;
    QString content;
    QString refusal;
    QString reasoning;
    QString finishReason;
    DeltaTarget pending{content, refusal, reasoning};
    bool hasFinishReason = false;
    QByteArrayView key;
    while (reader.nextKey(key)) {
        if (is(key, "index")) {
            if (reader.peek() == Type::Number)
                index = reader.readInteger().value_or(-1);
            else
                reader.skipValue();
        } else if (is(key, "delta")) {
            if (!index) {
                readDelta(reader, pending);
            } else if (*index == 0) {
                DeltaTarget direct{chunk.content, chunk.refusal, chunk.reasoning};
                readDelta(reader, direct);
            } else {
                reader.skipValue();
            }
        } else if (is(key, "finish_reason")) {
            if (!index)
                hasFinishReason |= readString(reader, finishReason);
            else if (*index == 0)
                readString(reader, chunk.finishReason);
            else
                reader.skipValue();
        } else {
            reader.skipValue(); // logprobs and whatever comes next
        }
    }
    if (index.value_or(position) != 0)
        return;
    if (pending.hasContent)
        chunk.content = content;
    if (pending.hasRefusal)
        chunk.refusal = refusal;
    if (pending.hasReasoning)
        chunk.reasoning = reasoning;
    if (hasFinishReason)
        chunk.finishReason = finishReason;
}

void readChoices(JsonReader &reader, OpenAiChunk &chunk)
{
    if (reader.peek() != Type::Array) {
        reader.skipValue(); // null on a usage chunk from some servers
        return;
    }
    reader.enterArray();
    qint64 position = 0;
    while (reader.nextElement())
        readChoice(reader, chunk, position++);
}

void readUsage(JsonReader &reader, std::optional<TokenUsage> &usage)
{
    const Type type = reader.peek();
    if (type != Type::Object) {
        if (type == Type::Null)
            usage.reset();
        reader.skipValue();
        return;
    }
    reader.enterObject();
    TokenUsage counts;
    QByteArrayView key;
    while (reader.nextKey(key)) {
        if (is(key, "prompt_tokens")) {
            readInteger(reader, counts.promptTokens);
        } else if (is(key, "completion_tokens")) {
            readInteger(reader, counts.completionTokens);
        } else if (is(key, "total_tokens")) {
            readInteger(reader, counts.totalTokens);
        } else if (is(key, "completion_tokens_details") && reader.peek() == Type::Object) {
            reader.enterObject();
            while (reader.nextKey(key)) {
                if (is(key, "reasoning_tokens"))
                    readInteger(reader, counts.reasoningTokens);
                else
                    reader.skipValue();
            }
        } else {
            reader.skipValue();
        }
    }
    // A count below zero means nothing (TokenUsage::count): the rest of Confab never sees one.
    for (qint64 *count :
         {&counts.promptTokens, &counts.completionTokens, &counts.totalTokens, &counts.reasoningTokens})
        *count = TokenUsage::count(*count);
    usage = counts;
}

// {"message", "type", "code"} where code may be a string, a number or null; or just a string.
void readError(JsonReader &reader, std::optional<OpenAiChunk::Error> &error)
{
    OpenAiChunk::Error result;
    switch (reader.peek()) {
    case Type::String:
        reader.readString(result.message);
        break;
    case Type::Object: {
        reader.enterObject();
        QByteArrayView key;
        while (reader.nextKey(key)) {
            if (is(key, "message"))
                readString(reader, result.message);
            else if (is(key, "type"))
                readString(reader, result.type);
            else if (is(key, "code") && reader.peek() == Type::Number)
                result.code = QString::fromLatin1(reader.readNumber());
            else if (is(key, "code"))
                readString(reader, result.code);
            else
                reader.skipValue();
        }
        break;
    }
    case Type::Null:
        error.reset();
        reader.skipValue();
        return;
    default:
        reader.skipValue();
        return;
    }
    error = std::move(result);
}

} // namespace

OpenAiChunkDecoder::Result OpenAiChunkDecoder::decode(QByteArrayView data, OpenAiChunk &chunk)
{
    chunk.clear();
    if (isDone(data))
        return Result::Done;
    JsonReader reader(data);
    if (reader.peek() != Type::Object)
        return Result::Invalid;
    reader.enterObject();
    QByteArrayView key;
    while (reader.nextKey(key)) {
        if (is(key, "choices"))
            readChoices(reader, chunk);
        else if (is(key, "model"))
            readString(reader, chunk.model);
        else if (is(key, "usage"))
            readUsage(reader, chunk.usage);
        else if (is(key, "error"))
            readError(reader, chunk.error);
        else
            reader.skipValue(); // id, object, created, system_fingerprint, service_tier, ...
    }
    if (!reader.finish()) {
        chunk.clear();
        return Result::Invalid;
    }
    return Result::Chunk;
}
