// SPDX-License-Identifier: GPL-3.0-or-later
// TestSseParser, continued: the UTF-8 sanitizer and random streams against the reference model.
#include "tst_sseparser.h"

void TestSseParser::sanitizerMatchesWhatwgDecoder()
{
    const auto check = [](const QByteArray &bytes) {
        QByteArray sanitized;
        Utf8Sanitizer::append(sanitized, bytes);
        const QByteArray expected = SseReference::utf8Decode("x" + bytes).toUtf8().sliced(1);
        if (sanitized != expected) {
            qWarning("input %s: got %s, expected %s", qPrintable(escaped(bytes)),
                     qPrintable(escaped(sanitized)), qPrintable(escaped(expected)));
            return false;
        }
        const bool valid = Utf8Sanitizer::validPrefixLength(bytes) == bytes.size();
        return valid == (bytes == expected) && valid == bytes.isValidUtf8();
    };
    // Every pair of bytes, with a lead byte or ASCII on either side.
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            const char pair[2] = {char(a), char(b)};
            QVERIFY(check(QByteArray(pair, 2)));
            QVERIFY(check("\xE2" + QByteArray(pair, 2) + "\xF0\x9F"));
            QVERIFY(check("\xF0\x9F" + QByteArray(pair, 2) + "abcdefghij"));
        }
    }
    // Random sequences over the bytes where UTF-8's boundaries lie.
    static constexpr uchar interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                            0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    QRandomGenerator random(20240917);
    for (int round = 0; round < 200000; ++round) {
        QByteArray bytes;
        const int length = int(random.bounded(1, 12));
        for (int i = 0; i < length; ++i)
            bytes.append(char(interesting[random.bounded(int(std::size(interesting)))]));
        QVERIFY(check(bytes));
    }
}

void TestSseParser::randomStreamsMatchReference()
{
    static const QByteArrayList tokens = {"data"_ba,
                                          "data:"_ba,
                                          "data: "_ba,
                                          "event:"_ba,
                                          "event: t"_ba,
                                          "id:"_ba,
                                          "id: 1"_ba,
                                          "retry:"_ba,
                                          "retry: 12"_ba,
                                          "0"_ba,
                                          "x"_ba,
                                          " "_ba,
                                          ":"_ba,
                                          "\r"_ba,
                                          "\n"_ba,
                                          "\r\n"_ba,
                                          "\n\n"_ba,
                                          "\0"_ba,
                                          "\xEF\xBB\xBF"_ba,
                                          "\xEF"_ba,
                                          "\xBB"_ba,
                                          "\xE2\x82"_ba,
                                          "\xFF"_ba,
                                          "é"_ba,
                                          "\xF0\x9F\x92\x99"_ba,
                                          "\x80"_ba};
    QRandomGenerator random(4242);
    for (int round = 0; round < 20000; ++round) {
        QByteArray stream;
        const int count = int(random.bounded(1, 40));
        for (int i = 0; i < count; ++i)
            stream += tokens.at(random.bounded(int(tokens.size())));
        QByteArrayList chunks;
        for (qsizetype at = 0; at < stream.size();) {
            const qsizetype length = qMin(stream.size() - at, qsizetype(random.bounded(1, 8)));
            chunks.append(stream.mid(at, length));
            at += length;
        }
        const QStringList expected = referenceOutcome(stream);
        QStringList actual = feedChunks(chunks);
        QVERIFY2(actual == expected, qPrintable(mismatch(escaped(stream), actual, expected)));
        actual = feedWhole(stream);
        QVERIFY2(actual == expected, qPrintable(mismatch(escaped(stream), actual, expected)));
    }
}
