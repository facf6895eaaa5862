// SPDX-License-Identifier: GPL-3.0-or-later
#include "replysizelimit.h"

namespace {

// The bytes `text` takes in UTF-8; a lone surrogate is written as U+FFFD, three bytes.
qint64 utf8Size(QStringView text)
{
    qint64 size = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80)
            size += 1;
        else if (c < 0x800)
            size += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            size += 4;
            ++i;
        } else
            size += 3;
    }
    return size;
}

// How many UTF-16 units of `text` fit in `room` UTF-8 bytes, never splitting a surrogate pair.
qsizetype unitsFitting(QStringView text, qint64 room)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const bool pair = text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate();
        const qsizetype units = pair ? 2 : 1;
        const qint64 bytes = utf8Size(text.sliced(i, units));
        if (bytes > room)
            break;
        room -= bytes;
        i += units;
    }
    return i;
}

} // namespace

ReplySizeLimit::ReplySizeLimit(qint64 maxBytes)
    : m_maxBytes(maxBytes)
{}

QString ReplySizeLimit::fit(const QString &delta)
{
    const qint64 bytes = utf8Size(delta);
    if (m_bytes + bytes <= m_maxBytes) {
        m_bytes += bytes;
        return delta;
    }
    m_reached = true;
    const qsizetype units = unitsFitting(delta, m_maxBytes - m_bytes);
    m_bytes += utf8Size(QStringView(delta).first(units));
    return delta.first(units);
}

void ReplySizeLimit::reset()
{
    m_bytes = 0;
    m_reached = false;
}
