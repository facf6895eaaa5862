// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// One dispatched Server-Sent Event. `data` is always valid UTF-8: invalid input bytes were
// replaced by U+FFFD, so consumers can hand it to a JSON parser or QString::fromUtf8 as is.
struct SseEvent
{
    QString type;        // "message" unless the block named another type
    QByteArray data;     // the data lines joined with "\n"
    QString lastEventId; // the last event ID in force when the event was dispatched

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};
