// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TestSseParser and what its parts share: a recorder that turns what the parser emits into
// printable lines, comparable with the reference model's.
#include "sseparser.h"
#include "ssereference.h"
#include "utf8sanitizer.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

struct Ev
{
    Ev(const QByteArray &data, const QString &type = u"message"_s, const QString &id = {})
        : data(data)
        , type(type)
        , id(id)
    {}

    QByteArray data;
    QString type;
    QString id;
};
using Events = QList<Ev>;

inline QString escaped(QByteArrayView bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (u >= 0x20 && u < 0x7F && u != '\\')
            out += QLatin1Char(c);
        else
            out += u"\\x%1"_s.arg(u, 2, 16, QLatin1Char('0'));
    }
    return out;
}

inline QString describe(const QString &type, QByteArrayView data, const QString &id)
{
    return u"event type=\"%1\" id=\"%2\" data=\"%3\""_s.arg(escaped(type.toUtf8()), escaped(id.toUtf8()),
                                                            escaped(data));
}

inline QString describeState(const QString &lastEventId, std::optional<qint64> retry)
{
    return u"lastEventId=\"%1\" retry=%2"_s.arg(escaped(lastEventId.toUtf8()),
                                                retry ? QString::number(*retry) : u"none"_s);
}

// What a parser produced, as comparable, printable lines.
class Recorder
{
public:
    Recorder()
        : parser([this](const SseEvent &event) { record(event); })
    {}

    void record(const SseEvent &event)
    {
        if (!event.data.isValidUtf8())
            invalidUtf8 = true;
        lines.append(describe(event.type, event.data, event.lastEventId));
    }

    QStringList outcome() const
    {
        QStringList all = lines;
        all.append(describeState(parser.lastEventId(), parser.retry()));
        if (invalidUtf8)
            all.append(u"INVALID UTF-8 in data"_s);
        return all;
    }

    QStringList lines;
    bool invalidUtf8 = false;
    SseParser parser;
};

inline QStringList feedWhole(const QByteArray &stream)
{
    Recorder r;
    r.parser.feed(stream);
    return r.outcome();
}

inline QStringList feedBytewise(const QByteArray &stream)
{
    Recorder r;
    for (qsizetype i = 0; i < stream.size(); ++i)
        r.parser.feed(QByteArrayView(stream).sliced(i, 1));
    return r.outcome();
}

inline QStringList feedSplit(const QByteArray &stream, qsizetype at)
{
    Recorder r;
    r.parser.feed(QByteArrayView(stream).first(at));
    r.parser.feed({}); // an empty feed changes nothing
    r.parser.feed(QByteArrayView(stream).sliced(at));
    return r.outcome();
}

inline QStringList feedChunks(const QByteArrayList &chunks)
{
    Recorder r;
    for (const QByteArray &chunk : chunks)
        r.parser.feed(chunk);
    return r.outcome();
}

inline QStringList referenceOutcome(const QByteArray &stream)
{
    const SseReference::Result result = SseReference::parse(stream);
    QStringList all;
    for (const SseEvent &event : result.events)
        all.append(describe(event.type, event.data, event.lastEventId));
    all.append(describeState(result.lastEventId, result.retry));
    return all;
}

inline QString mismatch(const QString &how, const QStringList &actual, const QStringList &expected)
{
    return u"%1:\n  actual:\n    %2\n  expected:\n    %3"_s.arg(how, actual.join(u"\n    "_s),
                                                                expected.join(u"\n    "_s));
}

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void sanitizerMatchesWhatwgDecoder();
    void randomStreamsMatchReference();
    void longLineFedByteByByteIsLinear();
    void manyEventsInOneFeed_data();
    void manyEventsInOneFeed();
    void overflowOnLongLine();
    void overflowOnLongData();
    void overflowDoesNotDependOnChunking();
    void lineAtTheLimitIsAccepted();
    void resetForgetsEverything();
    void resetRestartsBomDetection();
    void resetFromHandlerDropsTheRestOfTheFeed();
    void lastEventIdIsTheBuffer();
    void typeAndIdStringsAreShared();
    void hugeRetrySaturates();

private:
    static void row(const char *name, const QByteArray &stream, const Events &events,
                    const QString &lastEventId = {}, std::optional<qint64> retry = {},
                    const QByteArrayList &chunks = {});
};
