// SPDX-License-Identifier: GPL-3.0-or-later
// The in-process half of the streaming benchmark: CPU time per chunk of SseParser plus
// OpenAiChunkDecoder over a 200,000-chunk reply, fed in 64 KiB pieces as the network would, the
// text joined into a QString as the app does. bench/run-stream-bench.sh runs it next to the same
// measurement of the OpenAI Node SDK (bench/peer/peer.mjs --in-process).
#include "cputime.h"
#include "streambody.h"

#include "openaichunk.h"
#include "openaichunkdecoder.h"
#include "sseparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QList>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct RunResult
{
    qint64 cpuNs = 0;
    int chunks = 0;
    bool done = false;
    QString text;
};

RunResult runOnce(const QByteArray &body, qsizetype pieceSize)
{
    RunResult result;
    OpenAiChunk chunk;
    SseParser parser([&](const SseEvent &event) {
        switch (OpenAiChunkDecoder::decode(event.data, chunk)) {
        case OpenAiChunkDecoder::Result::Chunk:
            if (!chunk.content.isEmpty()) {
                result.text += chunk.content;
                ++result.chunks;
            }
            break;
        case OpenAiChunkDecoder::Result::Done:
            result.done = true;
            break;
        case OpenAiChunkDecoder::Result::Invalid:
            break;
        }
    });

    const qint64 start = CpuTime::processNs();
    for (qsizetype offset = 0; offset < body.size(); offset += pieceSize) {
        // A fresh copy per piece, as QNetworkReply::readAll() hands out.
        const QByteArray piece = body.mid(offset, pieceSize);
        parser.feed(piece);
    }
    result.cpuNs = CpuTime::processNs() - start;
    return result;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser options;
    options.setApplicationDescription(u"CPU per chunk of SseParser + OpenAiChunkDecoder."_s);
    options.addHelpOption();
    const QCommandLineOption chunksOption(u"chunks"_s, u"Content chunks in the stream."_s, u"N"_s,
                                          u"200000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Timed runs."_s, u"N"_s, u"7"_s);
    const QCommandLineOption pieceOption(u"piece"_s, u"Bytes fed per call."_s, u"BYTES"_s, u"65536"_s);
    const QCommandLineOption bodyOption(u"write-body"_s, u"Write the stream body to FILE and exit."_s,
                                        u"FILE"_s);
    options.addOptions({chunksOption, runsOption, pieceOption, bodyOption});
    options.process(app);

    const int chunks = options.value(chunksOption).toInt();
    const int runs = options.value(runsOption).toInt();
    const qsizetype pieceSize = options.value(pieceOption).toLongLong();
    if (chunks < 1 || runs < 1 || pieceSize < 1) {
        std::fprintf(stderr, "bench_stream: --chunks, --runs and --piece must be positive numbers\n");
        return 2;
    }

    const QByteArray body = StreamBody::build(chunks);
    if (options.isSet(bodyOption)) {
        if (!writeFile(options.value(bodyOption), body)) {
            std::fprintf(stderr, "bench_stream: cannot write %s\n", qPrintable(options.value(bodyOption)));
            return 1;
        }
        return 0;
    }

    const QString expected = StreamBody::expectedText(chunks);
    const quint64 expectedSum = StreamBody::checksum(expected);
    QList<double> perChunkNs;
    for (int run = 0; run < runs; ++run) {
        const RunResult result = runOnce(body, pieceSize);
        const quint64 sum = StreamBody::checksum(result.text);
        if (result.chunks != chunks || !result.done || result.text.size() != expected.size() ||
            result.text != expected || sum != expectedSum) {
            std::fprintf(stderr,
                         "bench_stream: wrong result in run %d: %d chunks, done=%d, %lld chars, "
                         "checksum %016llx (expected %d chunks, %lld chars, %016llx)\n",
                         run, result.chunks, int(result.done), qlonglong(result.text.size()),
                         static_cast<unsigned long long>(sum), chunks, qlonglong(expected.size()),
                         static_cast<unsigned long long>(expectedSum));
            return 1;
        }
        perChunkNs.append(double(result.cpuNs) / chunks);
    }

    QList<double> sorted = perChunkNs;
    std::sort(sorted.begin(), sorted.end());
    std::printf("chunks=%d bytes=%lld piece=%lld runs=%d\n", chunks, qlonglong(body.size()),
                qlonglong(pieceSize), runs);
    std::printf("runs_ns_per_chunk=");
    for (qsizetype i = 0; i < perChunkNs.size(); ++i)
        std::printf(i ? ",%.0f" : "%.0f", perChunkNs[i]);
    std::printf("\nbest_ns_per_chunk=%.0f\nmedian_ns_per_chunk=%.0f\n", sorted.first(),
                sorted[sorted.size() / 2]);
    std::printf("text_chars=%lld text_fnv1a=%016llx ok\n", qlonglong(expected.size()),
                static_cast<unsigned long long>(expectedSum));
    return 0;
}
