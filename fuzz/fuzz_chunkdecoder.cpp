// SPDX-License-Identifier: GPL-3.0-or-later
// Arbitrary bytes into OpenAiChunkDecoder. Besides not crashing, it must agree with its own
// JsonReader walked two ways, and JsonReader must agree with QJsonDocument on which documents
// are valid, apart from the places listed in qtIsLenient() and qtRejectsNumber() where Qt
// departs from RFC 8259.
#include "openaichunkdecoder.h"
#include "jsonreader.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using Type = JsonReader::Type;
using Error = JsonReader::Error;
using Result = OpenAiChunkDecoder::Result;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz_chunkdecoder: %s\n", what);
        std::abort();
    }
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isSpace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isSpace(text.back()))
        text.chop(1);
    return text;
}

// Qt reads a number as a qint64 if it can and as a double otherwise, and rejects one whose
// double overflows or underflows (1e400, 2e-324), which RFC 8259 allows.
bool qtRejectsNumber(QByteArrayView number)
{
    const QByteArray text = number.toByteArray();
    bool ok = false;
    text.toLongLong(&ok);
    if (!ok)
        text.toDouble(&ok);
    return !ok;
}

// Where QJsonDocument (Qt 6.4 to 6.8) accepts what RFC 8259 does not, judged by the first error
// JsonReader found: a fraction without digits on one side (1. and .5), escapes other than the
// nine of the RFC (\x, \'), raw control characters in strings, and nesting up to 1024 levels
// where JsonReader stops at 128.
bool qtIsLenient(const JsonReader &reader, QByteArrayView input)
{
    const qsizetype at = reader.errorOffset();
    const char here = at < input.size() ? input[at] : '\0';
    const char before = at > 0 ? input[at - 1] : '\0';
    const char after = at + 1 < input.size() ? input[at + 1] : '\0';
    switch (reader.error()) {
    case Error::TooDeep:
        return true;
    case Error::BadNumber:
    case Error::UnexpectedCharacter:
        return here == '.' || before == '.';
    case Error::BadString:
        return here == '\\' ? after != 'u' : uchar(here) < 0x20;
    default:
        return false;
    }
}

struct WalkFacts
{
    int modelKeys = 0; // at the top level
    bool qtRejectsANumber = false;
};

// Reads everything through the typed calls (the decoder mostly skips), noting what Qt sees
// differently.
bool walk(JsonReader &reader, WalkFacts &facts, int depth)
{
    switch (reader.peek()) {
    case Type::Object: {
        reader.enterObject();
        QByteArrayView key;
        while (reader.nextKey(key)) {
            if (depth == 0 && key == QByteArrayView("model"))
                ++facts.modelKeys;
            if (!walk(reader, facts, depth + 1))
                return false;
        }
        return !reader.hasError();
    }
    case Type::Array:
        reader.enterArray();
        while (reader.nextElement()) {
            if (!walk(reader, facts, depth + 1))
                return false;
        }
        return !reader.hasError();
    case Type::String: {
        QString text;
        return reader.readString(text);
    }
    case Type::Number: {
        const QByteArrayView number = reader.readNumber();
        if (number.isEmpty())
            return false;
        facts.qtRejectsANumber |= qtRejectsNumber(number);
        return true;
    }
    case Type::Null:
    case Type::Bool:
        return reader.skipValue();
    case Type::Invalid:
        break;
    }
    return false;
}

// Qt keeps an unpaired surrogate from a \u escape; JsonReader makes it U+FFFD.
QString replaceLoneSurrogates(const QString &text)
{
    QString result = text;
    for (qsizetype i = 0; i < result.size(); ++i) {
        const QChar c = result.at(i);
        if (c.isHighSurrogate() && i + 1 < result.size() && result.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            result[i] = QChar(QChar::ReplacementCharacter);
    }
    return result;
}

bool isEmpty(const OpenAiChunk &chunk)
{
    return chunk.content.isEmpty() && chunk.refusal.isEmpty() && chunk.reasoning.isEmpty() &&
           chunk.finishReason.isEmpty() && chunk.model.isEmpty() && !chunk.usage && !chunk.error;
}

bool same(const OpenAiChunk &a, const OpenAiChunk &b)
{
    const bool errorsSame = a.error.has_value() == b.error.has_value() &&
                            (!a.error || (a.error->message == b.error->message &&
                                          a.error->type == b.error->type && a.error->code == b.error->code));
    return a.content == b.content && a.refusal == b.refusal && a.reasoning == b.reasoning &&
           a.finishReason == b.finishReason && a.model == b.model && a.usage == b.usage && errorsSame;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    OpenAiChunk chunk;
    const Result result = OpenAiChunkDecoder::decode(input, chunk);

    // Decoding into a chunk that already holds text (whose buffers get reused) changes nothing.
    OpenAiChunk reused;
    reused.content = QStringLiteral("some earlier text, longer than most");
    reused.model = QStringLiteral("m");
    reused.finishReason = QStringLiteral("stop");
    reused.reasoning = QStringLiteral("some earlier thinking");
    check(OpenAiChunkDecoder::decode(input, reused) == result, "second decode gave another result");
    check(same(chunk, reused), "second decode gave another chunk");

    JsonReader walker(input);
    WalkFacts facts;
    const bool valid = walk(walker, facts, 0) && walker.finish();
    JsonReader skipper(input);
    const bool skipValid = skipper.skipValue() && skipper.finish();
    check(valid == skipValid, "walking and skipping disagree");
    check(walker.error() == skipper.error() && walker.errorOffset() == skipper.errorOffset(),
          "walking and skipping found different errors");

    const QByteArrayView content = trimmed(input);
    const bool object = content.startsWith('{');
    const Result expected = content == QByteArrayView("[DONE]") ? Result::Done
                            : valid && object                   ? Result::Chunk
                                                                : Result::Invalid;
    check(result == expected, "the decoder and JsonReader disagree");
    if (result != Result::Chunk)
        check(isEmpty(chunk), "a chunk was filled in for an invalid event");

    // QJsonDocument only takes an object or an array at the top.
    if (!object)
        return 0;
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(input.data(), input.size()), &error);
    const bool qtValid = error.error == QJsonParseError::NoError;
    if (valid != qtValid) {
        if (valid && facts.qtRejectsANumber)
            return 0;
        if (!valid && qtIsLenient(walker, input))
            return 0;
        std::fprintf(stderr, "JsonReader: %s (error %d at %lld), QJsonDocument: %s\n",
                     valid ? "valid" : "invalid", int(walker.error()), qlonglong(walker.errorOffset()),
                     qPrintable(error.errorString()));
        check(false, "JsonReader and QJsonDocument disagree");
    }

    // The string decoding against Qt's, on the one field that is plain to find.
    if (valid && facts.modelKeys == 1) {
        const QJsonValue model = document.object().value(QLatin1String("model"));
        if (model.isString())
            check(chunk.model == replaceLoneSurrogates(model.toString()),
                  "model differs from QJsonDocument's");
    }
    return 0;
}
