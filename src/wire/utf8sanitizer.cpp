// SPDX-License-Identifier: GPL-3.0-or-later
#include "utf8sanitizer.h"

#include <cstring>

namespace {

// Checks the sequence starting at the non-ASCII byte `p`. Returns its length when it is
// well-formed; otherwise returns the length of its maximal subpart (at least 1) as a negative
// number.
qsizetype checkSequence(const uchar *p, const uchar *end) noexcept
{
    const uchar lead = *p;
    qsizetype trail;
    uchar lo = 0x80;
    uchar hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        trail = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        trail = 2;
        if (lead == 0xE0)
            lo = 0xA0; // overlong
        else if (lead == 0xED)
            hi = 0x9F; // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        trail = 3;
        if (lead == 0xF0)
            lo = 0x90; // overlong
        else if (lead == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return -1; // a continuation byte, C0, C1 or F5..FF
    }
    for (qsizetype i = 1; i <= trail; ++i) {
        if (p + i == end || p[i] < lo || p[i] > hi)
            return -i;
        lo = 0x80;
        hi = 0xBF;
    }
    return trail + 1;
}

// The first byte at or after `p` that does not start a well-formed sequence, or `end`.
const uchar *findInvalid(const uchar *p, const uchar *end) noexcept
{
    constexpr quint64 highBits = 0x8080808080808080ULL;
    while (p < end) {
        // ASCII runs, 32 then 8 bytes at a time.
        while (end - p >= 32) {
            quint64 words[4];
            std::memcpy(words, p, sizeof words);
            if ((words[0] | words[1] | words[2] | words[3]) & highBits)
                break;
            p += 32;
        }
        while (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, sizeof word);
            if (word & highBits)
                break;
            p += 8;
        }
        if (p == end)
            break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const qsizetype length = checkSequence(p, end);
        if (length < 0)
            return p;
        p += length;
    }
    return end;
}

} // namespace

namespace Utf8Sanitizer {

qsizetype validPrefixLength(QByteArrayView bytes) noexcept
{
    const auto *begin = reinterpret_cast<const uchar *>(bytes.data());
    return findInvalid(begin, begin + bytes.size()) - begin;
}

void append(QByteArray &out, QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const auto *const end = p + bytes.size();
    while (p < end) {
        const uchar *bad = findInvalid(p, end);
        out.append(reinterpret_cast<const char *>(p), bad - p);
        if (bad == end)
            break;
        out.append("\xEF\xBF\xBD", 3);
        p = bad - checkSequence(bad, end);
    }
}

} // namespace Utf8Sanitizer
