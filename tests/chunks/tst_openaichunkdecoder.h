// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestOpenAiChunkDecoder and what its parts share: the expected chunk builder and its comparison,
// and the reader's and the recorded streams' helpers.
#include "jsonreader.h"
#include "openaichunkdecoder.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;

using Result = OpenAiChunkDecoder::Result;

Q_DECLARE_METATYPE(OpenAiChunk)

// Builds the chunk a case expects.
struct Expect
{
    OpenAiChunk chunk;

    Expect &content(const QString &text)
    {
        chunk.content = text;
        return *this;
    }
    Expect &refusal(const QString &text)
    {
        chunk.refusal = text;
        return *this;
    }
    Expect &reasoning(const QString &text)
    {
        chunk.reasoning = text;
        return *this;
    }
    Expect &finish(const QString &reason)
    {
        chunk.finishReason = reason;
        return *this;
    }
    Expect &model(const QString &name)
    {
        chunk.model = name;
        return *this;
    }
    Expect &usage(qint64 prompt, qint64 completion, qint64 total, qint64 reasoning = 0)
    {
        chunk.usage = TokenUsage{prompt, completion, total, reasoning};
        return *this;
    }
    Expect &error(const QString &message, const QString &type = {}, const QString &code = {})
    {
        chunk.error = OpenAiChunk::Error{message, type, code};
        return *this;
    }
    operator OpenAiChunk() const { return chunk; }
};

inline void compareChunks(const OpenAiChunk &actual, const OpenAiChunk &expected)
{
    QCOMPARE(actual.content, expected.content);
    QCOMPARE(actual.refusal, expected.refusal);
    QCOMPARE(actual.reasoning, expected.reasoning);
    QCOMPARE(actual.finishReason, expected.finishReason);
    QCOMPARE(actual.model, expected.model);
    QCOMPARE(actual.usage.has_value(), expected.usage.has_value());
    if (expected.usage) {
        QCOMPARE(actual.usage->promptTokens, expected.usage->promptTokens);
        QCOMPARE(actual.usage->completionTokens, expected.usage->completionTokens);
        QCOMPARE(actual.usage->totalTokens, expected.usage->totalTokens);
        QCOMPARE(actual.usage->reasoningTokens, expected.usage->reasoningTokens);
    }
    QCOMPARE(actual.error.has_value(), expected.error.has_value());
    if (expected.error) {
        QCOMPARE(actual.error->message, expected.error->message);
        QCOMPARE(actual.error->type, expected.error->type);
        QCOMPARE(actual.error->code, expected.error->code);
    }
}

// A whole document through the reader: one value, skipped (and so validated), then the end.
inline bool readerAccepts(const QByteArray &json)
{
    JsonReader reader(json);
    return reader.skipValue() && reader.finish();
}

inline QByteArray nested(int depth, const QByteArray &inner = {})
{
    return QByteArray(depth, '[') + inner + QByteArray(depth, ']');
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline QString recordedDir()
{
    return QStringLiteral(CONFAB_TEST_DATA_DIR "/openai-recorded");
}

class TestOpenAiChunkDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void strings_data();
    void strings();
    void stringBoundaries();
    void validity_data();
    void validity();
    void depthLimit();
    void integers_data();
    void integers();
    void readerWalk();
    void readerMisuse();
    void reusesAndDetaches();
    void recorded_data();
    void recorded();
};
