// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sseevent.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <limits>
#include <optional>

// The oracle SseParser is checked against, in the tests and in the fuzzer: a slow, literal
// transcription of the WHATWG algorithms, with nothing shared with the parser. It decodes the
// whole stream first (Encoding "UTF-8 decode": BOM sniffing, then the UTF-8 decoder's error
// handling), then splits the text into lines and interprets them (HTML §9.2.5–9.2.6).
class SseReference
{
public:
    struct Result
    {
        QList<SseEvent> events;
        QString lastEventId; // the last event ID buffer at the end of the stream
        std::optional<qint64> retry;
    };

    static QString utf8Decode(const QByteArray &bytes)
    {
        QByteArrayView in = bytes;
        if (in.startsWith("\xEF\xBB\xBF"))
            in = in.sliced(3);
        QString out;
        char32_t codePoint = 0;
        int bytesSeen = 0;
        int bytesNeeded = 0;
        uchar lowerBoundary = 0x80;
        uchar upperBoundary = 0xBF;
        const auto put = [&out](char32_t c) {
            if (QChar::requiresSurrogates(c)) {
                out.append(QChar(QChar::highSurrogate(c)));
                out.append(QChar(QChar::lowSurrogate(c)));
            } else {
                out.append(QChar(char16_t(c)));
            }
        };
        for (qsizetype i = 0; i <= in.size(); ++i) {
            if (i == in.size()) { // end of queue
                if (bytesNeeded != 0)
                    put(0xFFFD);
                break;
            }
            const uchar byte = uchar(in[i]);
            if (bytesNeeded == 0) {
                if (byte <= 0x7F) {
                    put(byte);
                } else if (byte >= 0xC2 && byte <= 0xDF) {
                    bytesNeeded = 1;
                    codePoint = byte & 0x1F;
                } else if (byte >= 0xE0 && byte <= 0xEF) {
                    if (byte == 0xE0)
                        lowerBoundary = 0xA0;
                    if (byte == 0xED)
                        upperBoundary = 0x9F;
                    bytesNeeded = 2;
                    codePoint = byte & 0xF;
                } else if (byte >= 0xF0 && byte <= 0xF4) {
                    if (byte == 0xF0)
                        lowerBoundary = 0x90;
                    if (byte == 0xF4)
                        upperBoundary = 0x8F;
                    bytesNeeded = 3;
                    codePoint = byte & 0x7;
                } else {
                    put(0xFFFD);
                }
                continue;
            }
            if (byte < lowerBoundary || byte > upperBoundary) {
                codePoint = bytesNeeded = bytesSeen = 0;
                lowerBoundary = 0x80;
                upperBoundary = 0xBF;
                --i; // restore the byte to the queue
                put(0xFFFD);
                continue;
            }
            lowerBoundary = 0x80;
            upperBoundary = 0xBF;
            codePoint = (codePoint << 6) | (byte & 0x3F);
            if (++bytesSeen != bytesNeeded)
                continue;
            put(codePoint);
            codePoint = bytesNeeded = bytesSeen = 0;
        }
        return out;
    }

    static Result parse(const QByteArray &stream)
    {
        const QString text = utf8Decode(stream);
        Result result;
        QString data;
        QString eventType;
        QString lastEventIdBuffer;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c != u'\r' && c != u'\n')
                continue;
            const QString line = text.mid(lineStart, i - lineStart);
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            lineStart = i + 1;

            if (line.isEmpty()) { // dispatch
                if (data.isEmpty()) {
                    eventType.clear();
                    continue;
                }
                if (data.endsWith(u'\n'))
                    data.chop(1);
                SseEvent event;
                event.type = eventType.isEmpty() ? QStringLiteral("message") : eventType;
                event.data = data.toUtf8();
                event.lastEventId = lastEventIdBuffer;
                result.events.append(event);
                data.clear();
                eventType.clear();
                continue;
            }
            if (line.startsWith(u':'))
                continue;
            QString field = line;
            QString value;
            if (const qsizetype colon = line.indexOf(u':'); colon >= 0) {
                field = line.left(colon);
                value = line.mid(colon + 1);
                if (value.startsWith(u' '))
                    value.remove(0, 1);
            }
            if (field == u"event") {
                eventType = value;
            } else if (field == u"data") {
                data += value;
                data += u'\n';
            } else if (field == u"id") {
                if (!value.contains(QChar(0)))
                    lastEventIdBuffer = value;
            } else if (field == u"retry") {
                bool digitsOnly = !value.isEmpty();
                for (const QChar d : value)
                    digitsOnly = digitsOnly && d >= u'0' && d <= u'9';
                if (digitsOnly) {
                    // Unbounded in the spec; saturating is this project's choice.
                    constexpr qint64 max = std::numeric_limits<qint64>::max();
                    qint64 n = 0;
                    for (const QChar d : value)
                        n = n > (max - (d.unicode() - u'0')) / 10 ? max : n * 10 + (d.unicode() - u'0');
                    result.retry = n;
                }
            }
        }
        result.lastEventId = lastEventIdBuffer;
        return result;
    }
};
