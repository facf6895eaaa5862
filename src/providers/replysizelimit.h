// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The most a streamed reply (thinking, text and refusal together) may hold, in UTF-8 bytes: a server that
// never stops must not fill the memory and the history. It counts what was let through.
class ReplySizeLimit
{
public:
    explicit ReplySizeLimit(qint64 maxBytes);

    // The part of `delta` that still fits, never splitting a surrogate pair; reached() is true
    // from the first delta that did not fit whole.
    QString fit(const QString &delta);
    bool reached() const { return m_reached; }
    qint64 maxBytes() const { return m_maxBytes; }
    // Forgets what was let through: the request is being sent again.
    void reset();

private:
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    bool m_reached = false;
};
