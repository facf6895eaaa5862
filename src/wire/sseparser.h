// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

// An incremental parser for a text/event-stream body, following WHATWG HTML §9.2.5–9.2.6.
// Bytes go in as they arrive, in any chunking; each complete event comes out through the
// handler. Work is linear in the bytes fed: only the unfinished line is kept between calls,
// and it is never scanned again from its start.
class SseParser
{
public:
    using EventHandler = std::function<void(const SseEvent &)>;

    explicit SseParser(EventHandler onEvent);

    // Feeds the next bytes of the stream. Events complete within them are dispatched before
    // this returns. The handler may call reset(); the rest of the bytes being fed is then
    // dropped. It must not destroy the parser.
    void feed(QByteArrayView bytes);

    // Forgets all state, as for a new stream (an unterminated last block is dropped, as the
    // rules say).
    void reset();

    // The reconnection time from the last valid `retry` field, if any was seen.
    std::optional<qint64> retry() const { return m_retry; }

    // The last event ID buffer as it stands now.
    QString lastEventId() const { return m_lastEventId; }

    // An event or line larger than this stops the parser (a hostile or broken server could
    // otherwise make us buffer without end); overflowed() then stays true until reset().
    void setMaxBufferSize(qsizetype bytes) { m_maxBufferSize = bytes; }
    bool overflowed() const { return m_overflowed; }

private:
    void scan(QByteArrayView bytes);
    void processLine(QByteArrayView line);
    void setLastEventId(QByteArrayView value);
    void setRetry(QByteArrayView value);
    void dispatch();
    void overflow();

    EventHandler m_onEvent;
    QByteArray m_line;      // the unfinished line carried over from the previous feed
    QByteArray m_data;      // the data buffer, without the spec's trailing LF
    QByteArray m_eventType; // the event type buffer (valid UTF-8)
    QByteArray m_typeBytes; // the bytes m_type was built from, so a repeated type is not rebuilt
    QString m_type;
    QByteArray m_lastEventIdBytes; // the last event ID buffer (valid UTF-8)
    QByteArray m_scratch;
    QString m_lastEventId; // the same as a QString, rebuilt only when it changes
    std::optional<qint64> m_retry;
    qsizetype m_maxBufferSize = 64 * 1024 * 1024;
    quint64 m_resets = 0;   // counts reset() calls, so feed() notices one made by the handler
    int m_bomBytesSeen = 0; // how much of a leading BOM has been matched so far
    bool m_bomDone = false; // the stream's start is past: no BOM can follow any more
    bool m_skipLf = false;  // the last byte was a CR: a following LF belongs to it
    bool m_hasData = false; // a data line was seen in this block (the data may still be "")
    bool m_overflowed = false;
};
