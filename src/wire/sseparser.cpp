// SPDX-License-Identifier: GPL-3.0-or-later
#include "sseparser.h"

#include "wirelogging.h"
#include "utf8sanitizer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace {

constexpr char Bom[] = "\xEF\xBB\xBF";

// The index of the first `c` in bytes[from, size), or size.
qsizetype find(const char *bytes, qsizetype from, qsizetype size, char c) noexcept
{
    const void *hit = std::memchr(bytes + from, c, size_t(size - from));
    return hit ? static_cast<const char *>(hit) - bytes : size;
}

// QString::fromUtf8() would drop a leading U+FEFF as a BOM; inside a value it is text.
QString toQString(const QByteArray &utf8)
{
    QString text = QString::fromUtf8(utf8);
    if (utf8.startsWith(Bom))
        text.prepend(QChar(0xFEFF));
    return text;
}

bool equals(QByteArrayView a, const char (&literal)[5]) noexcept
{
    return std::memcmp(a.data(), literal, 4) == 0;
}

} // namespace

SseParser::SseParser(EventHandler onEvent)
    : m_onEvent(std::move(onEvent))
{}

void SseParser::feed(QByteArrayView bytes)
{
    if (m_overflowed || bytes.isEmpty())
        return;
    if (!m_bomDone) {
        // One leading BOM is dropped, even when it arrives in pieces; a partial match that
        // fails is ordinary text (which the UTF-8 sanitizing later turns into U+FFFD).
        qsizetype matched = 0;
        while (matched < bytes.size() && m_bomBytesSeen < 3 && bytes[matched] == Bom[m_bomBytesSeen]) {
            ++matched;
            ++m_bomBytesSeen;
        }
        bytes = bytes.sliced(matched);
        if (m_bomBytesSeen < 3 && bytes.isEmpty())
            return;
        m_bomDone = true;
        if (m_bomBytesSeen < 3)
            m_line.append(Bom, m_bomBytesSeen); // nothing was fed before: m_line is empty
        if (bytes.isEmpty())
            return;
    }
    scan(bytes);
}

void SseParser::scan(QByteArrayView bytes)
{
    const char *const data = bytes.data();
    const qsizetype size = bytes.size();
    qsizetype pos = 0;
    if (m_skipLf) {
        m_skipLf = false;
        if (data[0] == '\n')
            pos = 1;
    }
    const quint64 resets = m_resets;
    // The next LF and CR at or after pos. Each is searched for again only once pos has passed
    // it, so every byte is looked at a bounded number of times whatever the mix of line ends.
    qsizetype lf = -1;
    qsizetype cr = -1;
    while (pos < size) {
        if (lf < pos)
            lf = find(data, pos, size, '\n');
        if (cr < pos)
            cr = find(data, pos, size, '\r');
        const qsizetype eol = std::min(lf, cr);
        if (eol == size)
            break;
        QByteArrayView line(data + pos, eol - pos);
        const bool carried = !m_line.isEmpty();
        if (m_line.size() + line.size() > m_maxBufferSize)
            return overflow();
        if (carried) {
            m_line.append(line);
            line = m_line;
        }
        pos = eol + 1;
        if (data[eol] == '\r') {
            if (pos == size)
                m_skipLf = true;
            else if (data[pos] == '\n')
                ++pos;
        }
        processLine(line);
        if (m_overflowed || m_resets != resets)
            return;
        if (carried) {
            // Keep the capacity for the next partial line, unless one huge line left it big.
            if (m_line.capacity() > 64 * 1024)
                m_line = QByteArray();
            else
                m_line.resize(0);
        }
    }
    const qsizetype rest = size - pos;
    if (rest > 0) {
        if (m_line.size() + rest > m_maxBufferSize)
            return overflow();
        m_line.append(data + pos, rest);
    }
}

void SseParser::processLine(QByteArrayView line)
{
    if (line.isEmpty())
        return dispatch();
    if (line.front() == ':')
        return; // a comment

    // CR, LF, ':' and ' ' are ASCII, which UTF-8 never uses inside a multi-byte sequence, and
    // an ill-formed subpart never swallows an ASCII byte: splitting the raw bytes here and
    // sanitizing the value alone gives what decoding the whole stream first would.
    QByteArrayView name = line;
    QByteArrayView value;
    if (const void *colon = std::memchr(line.data(), ':', size_t(line.size()))) {
        const qsizetype at = static_cast<const char *>(colon) - line.data();
        name = line.first(at);
        value = line.sliced(at + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }

    // Field names compare as raw bytes: an ill-formed byte decodes to U+FFFD, which no field
    // name contains, so it can never make a name match.
    switch (name.size()) {
    case 4:
        if (equals(name, "data")) {
            const bool valid = Utf8Sanitizer::validPrefixLength(value) == value.size();
            if (!m_hasData && valid) {
                m_data = value.toByteArray(); // the usual one-line event: one exact allocation
            } else {
                if (m_hasData)
                    m_data.append('\n');
                if (valid)
                    m_data.append(value);
                else
                    Utf8Sanitizer::append(m_data, value);
            }
            m_hasData = true;
            if (m_data.size() > m_maxBufferSize)
                overflow();
        }
        break;
    case 5:
        if (name == QByteArrayView("event")) {
            m_eventType.resize(0);
            Utf8Sanitizer::append(m_eventType, value);
        } else if (name == QByteArrayView("retry")) {
            setRetry(value);
        }
        break;
    case 2:
        if (name == QByteArrayView("id"))
            setLastEventId(value);
        break;
    default:
        break; // unknown fields are ignored
    }
}

void SseParser::setLastEventId(QByteArrayView value)
{
    if (!value.isEmpty() && std::memchr(value.data(), '\0', size_t(value.size())))
        return;
    m_scratch.resize(0);
    Utf8Sanitizer::append(m_scratch, value);
    if (m_scratch == m_lastEventIdBytes)
        return;
    std::swap(m_scratch, m_lastEventIdBytes);
    m_lastEventId = toQString(m_lastEventIdBytes);
}

void SseParser::setRetry(QByteArrayView value)
{
    if (value.isEmpty())
        return;
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    qint64 milliseconds = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return;
        // The spec's integer is unbounded; an absurd value saturates rather than wraps.
        const int digit = c - '0';
        milliseconds = milliseconds > (max - digit) / 10 ? max : milliseconds * 10 + digit;
    }
    m_retry = milliseconds;
}

void SseParser::dispatch()
{
    if (!m_hasData) {
        m_eventType.resize(0);
        return;
    }
    SseEvent event;
    if (m_eventType.isEmpty()) {
        event.type = QStringLiteral("message");
    } else {
        if (m_eventType != m_typeBytes) {
            m_typeBytes = QByteArray(m_eventType.constData(), m_eventType.size());
            m_type = toQString(m_typeBytes);
        }
        event.type = m_type;
        m_eventType.resize(0);
    }
    event.data = std::exchange(m_data, QByteArray());
    event.lastEventId = m_lastEventId;
    m_hasData = false;
    m_onEvent(event);
}

void SseParser::overflow()
{
    qCWarning(lcSse) << "An event-stream line or event exceeds" << m_maxBufferSize
                     << "bytes; the rest of the stream is ignored";
    m_overflowed = true;
    m_line = QByteArray();
    m_data = QByteArray();
}

void SseParser::reset()
{
    m_line = QByteArray();
    m_data = QByteArray();
    m_eventType.resize(0);
    m_lastEventIdBytes.resize(0);
    m_lastEventId = QString();
    m_retry.reset();
    ++m_resets;
    m_bomBytesSeen = 0;
    m_bomDone = false;
    m_skipLf = false;
    m_hasData = false;
    m_overflowed = false;
}
