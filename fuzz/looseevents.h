// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sseevent.h"

#include <QByteArrayView>
#include <QList>

// The events of a fuzz input in a loose SSE framing that, unlike SseParser, lets any bytes
// through to the decoders: an event ends at an empty line, "event:" names it, every other line
// is a data line (its "data:" prefix, if any, dropped), data lines are joined with "\n". A
// recorded stream reads as the events SseParser would give, so recordings make good seeds.
inline QList<SseEvent> looseEvents(QByteArrayView input)
{
    QList<SseEvent> events;
    SseEvent event;
    event.type = QStringLiteral("message");
    bool hasData = false;
    const auto dispatch = [&] {
        if (hasData)
            events.append(event);
        event = SseEvent();
        event.type = QStringLiteral("message");
        hasData = false;
    };
    qsizetype pos = 0;
    while (pos <= input.size()) {
        qsizetype end = input.indexOf('\n', pos);
        if (end < 0)
            end = input.size();
        QByteArrayView line = input.sliced(pos, end - pos);
        pos = end + 1;
        if (line.isEmpty()) {
            dispatch();
            continue;
        }
        if (line.startsWith("event:")) {
            event.type = QString::fromUtf8(line.sliced(6).trimmed());
            continue;
        }
        if (line.startsWith("data:")) {
            line = line.sliced(5);
            if (line.startsWith(' '))
                line = line.sliced(1);
        }
        if (hasData)
            event.data.append('\n');
        event.data.append(line);
        hasData = true;
    }
    dispatch();
    return events;
}
