// SPDX-License-Identifier: GPL-3.0-or-later
// TestOpenAiChunkDecoder, continued: the reader walked by hand, reuse, and the recorded streams.
#include "tst_openaichunkdecoder.h"

void TestOpenAiChunkDecoder::readerWalk()
{
    JsonReader reader(R"( {"s":"v\n","n":[1,-2.5e3,null,true,false],"o":{"k":"w"}} )");
    QByteArrayView key;
    QString text;
    QVERIFY(reader.enterObject());

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("s"));
    QCOMPARE(reader.peek(), JsonReader::Type::String);
    QVERIFY(reader.readString(text));
    QCOMPARE(text, u"v\n"_s);

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("n"));
    QVERIFY(reader.enterArray());
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.readInteger(), std::optional<qint64>(1));
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.readNumber(), QByteArrayView("-2.5e3"));
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.peek(), JsonReader::Type::Null);
    QVERIFY(reader.skipValue());
    QVERIFY(reader.nextElement());
    QCOMPARE(reader.peek(), JsonReader::Type::Bool);
    QVERIFY(reader.skipValue());
    QVERIFY(reader.nextElement());
    QVERIFY(reader.skipValue());
    QVERIFY(!reader.nextElement());

    QVERIFY(reader.nextKey(key));
    QCOMPARE(key, QByteArrayView("o"));
    QVERIFY(reader.skipValue());
    QVERIFY(!reader.nextKey(key));
    QVERIFY(!reader.hasError());
    QVERIFY(reader.finish());
}

void TestOpenAiChunkDecoder::readerMisuse()
{
    QString text;
    QByteArrayView key;

    // Asking for the wrong type fails, and the failure sticks.
    JsonReader number("[1]");
    QVERIFY(number.enterArray());
    QVERIFY(number.nextElement());
    QVERIFY(!number.readString(text));
    QCOMPARE(number.error(), JsonReader::Error::WrongType);
    QCOMPARE(number.errorOffset(), qsizetype(1));
    QVERIFY(!number.nextElement());
    QCOMPARE(number.peek(), JsonReader::Type::Invalid);
    QVERIFY(!number.finish());

    // Object calls inside an array and array calls inside an object.
    JsonReader array("[]");
    QVERIFY(array.enterArray());
    QVERIFY(!array.nextKey(key));
    QCOMPARE(array.error(), JsonReader::Error::WrongType);
    JsonReader object("{}");
    QVERIFY(object.enterObject());
    QVERIFY(!object.nextElement());
    QCOMPARE(object.error(), JsonReader::Error::WrongType);

    // Two values with no comma between them cannot slip through by skipping nextElement().
    JsonReader noComma(R"(["a" "b"])");
    QVERIFY(noComma.enterArray());
    QVERIFY(noComma.nextElement());
    QVERIFY(noComma.readString(text));
    QVERIFY(!noComma.readString(text));
    QVERIFY(noComma.hasError());

    // Finishing before the value is complete.
    JsonReader early(R"({"a":1})");
    QVERIFY(early.enterObject());
    QVERIFY(!early.finish());

    // A second top-level value is trailing data, not a second document.
    JsonReader twice("1 2");
    QVERIFY(twice.skipValue());
    QVERIFY(!twice.skipValue());
    QCOMPARE(twice.error(), JsonReader::Error::TrailingData);

    JsonReader bad(R"({"a":[1,01]})");
    QVERIFY(!bad.skipValue());
    QCOMPARE(bad.error(), JsonReader::Error::UnexpectedCharacter);
    QCOMPARE(bad.errorOffset(), qsizetype(9));
}

void TestOpenAiChunkDecoder::reusesAndDetaches()
{
    OpenAiChunk chunk;
    const QByteArray longer = R"({"model":"m","choices":[{"index":0,"delta":{"content":"a longer token"}}]})";
    const QByteArray shorter = R"({"model":"m","choices":[{"index":0,"delta":{"content":"ab"}}]})";

    QCOMPARE(OpenAiChunkDecoder::decode(longer, chunk), Result::Chunk);
    QCOMPARE(chunk.content, u"a longer token"_s);
    QCOMPARE(OpenAiChunkDecoder::decode(shorter, chunk), Result::Chunk);
    QCOMPARE(chunk.content, u"ab"_s);

    // A copy the caller kept is not written through when the buffer is reused.
    const QString kept = chunk.content;
    QCOMPARE(OpenAiChunkDecoder::decode(longer, chunk), Result::Chunk);
    QCOMPARE(kept, u"ab"_s);
    QCOMPARE(chunk.content, u"a longer token"_s);

    // An event without content leaves it empty, not what the last one had.
    QCOMPARE(OpenAiChunkDecoder::decode(R"({"choices":[{"index":0,"delta":{}}]})", chunk), Result::Chunk);
    QVERIFY(chunk.content.isEmpty());
    QVERIFY(chunk.model.isEmpty());
}

void TestOpenAiChunkDecoder::recorded_data()
{
    QTest::addColumn<QString>("stem");

    const QDir dir(recordedDir());
    const QStringList bodies = dir.entryList({u"*.bin"_s}, QDir::Files, QDir::Name);
    QCOMPARE(bodies.size(), 12);
    for (const QString &body : bodies) {
        const QString stem = dir.filePath(body.chopped(4));
        QTest::newRow(qPrintable(body.left(12))) << stem;
    }
}

void TestOpenAiChunkDecoder::recorded()
{
    QFETCH(QString, stem);

    const QByteArray body = readFile(stem + u".bin"_s);
    QVERIFY(!body.isEmpty());
    QVERIFY(QFile::exists(stem + u".expected.txt"_s));
    const QString expectedContent = QString::fromUtf8(readFile(stem + u".expected.txt"_s));
    const QString expectedRefusal = QString::fromUtf8(readFile(stem + u".expected-refusal.txt"_s));
    QHash<QByteArray, QByteArray> meta;
    for (const QByteArray &line : readFile(stem + u".expected-meta.txt"_s).split('\n')) {
        const qsizetype colon = line.indexOf(": ");
        if (colon > 0)
            meta.insert(line.left(colon), line.mid(colon + 2));
    }
    QCOMPARE(meta.size(), 4);

    // The recordings are framed simply (`data: <json>` and a blank line, nothing else), so
    // splitting on blank lines is enough here; the SSE parser has its own tests on them.
    QString content;
    QString refusal;
    QStringList finishReasons;
    QString model;
    std::optional<TokenUsage> usage;
    int chunks = 0;
    bool done = false;
    OpenAiChunk chunk;
    for (qsizetype start = 0; start < body.size();) {
        qsizetype end = body.indexOf("\n\n", start);
        if (end < 0)
            end = body.size();
        const QByteArrayView block = QByteArrayView(body).sliced(start, end - start);
        start = end + 2;
        QVERIFY2(!block.contains('\n'), "an event of more than one line");
        QVERIFY2(block.startsWith("data: "), block.toByteArray().constData());
        QVERIFY2(!done, "an event after [DONE]");
        const Result result = OpenAiChunkDecoder::decode(block.sliced(6), chunk);
        QVERIFY2(result != Result::Invalid, block.toByteArray().constData());
        if (result == Result::Done) {
            done = true;
            continue;
        }
        ++chunks;
        QVERIFY(!chunk.error);
        content += chunk.content;
        refusal += chunk.refusal;
        if (!chunk.finishReason.isEmpty())
            finishReasons.append(chunk.finishReason);
        if (!chunk.model.isEmpty())
            model = chunk.model;
        if (chunk.usage)
            usage = chunk.usage;
    }
    QVERIFY(done);
    QCOMPARE(content, expectedContent);
    QCOMPARE(refusal, expectedRefusal);
    QCOMPARE(QByteArray::number(chunks), meta.value("chunks"));
    QCOMPARE(model.toUtf8(), meta.value("model"));
    QCOMPARE(finishReasons.join(u' ').toUtf8(), meta.value("finish_reason"));
    QVERIFY(usage);
    const QByteArray counts =
        QByteArray::number(usage->promptTokens) + ' ' + QByteArray::number(usage->completionTokens) + ' ' +
        QByteArray::number(usage->totalTokens) + ' ' + QByteArray::number(usage->reasoningTokens);
    QCOMPARE(counts, meta.value("usage"));
}
