// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <array>
#include <bit>
#include <cstring>

// The byte-level pieces of JsonReader's scan: which string bytes need a look, eight at a time,
// and UTF-8 checked and written. Inline: they run for every byte of every chunk.
namespace JsonBytes {

// How the fast string scan treats each byte: 0 goes on, 1 stops (quote, backslash, control
// character), 2 starts a UTF-8 sequence that has to be checked.
constexpr std::array<quint8, 256> makeStringClasses()
{
    std::array<quint8, 256> classes{};
    for (int c = 0; c < 0x20; ++c)
        classes[c] = 1;
    classes['"'] = 1;
    classes['\\'] = 1;
    for (int c = 0x80; c < 0x100; ++c)
        classes[c] = 2;
    return classes;
}
inline constexpr std::array<quint8, 256> stringClasses = makeStringClasses();

// Eight bytes of a string at once: the result has the top bit set in each byte that is a quote,
// a backslash, a control character or not ASCII (and maybe in bytes after such a one, but the
// first one set is always right), so the scan skips plain text a word at a time.
constexpr quint64 attentionBits(quint64 bytes)
{
    constexpr quint64 ones = 0x0101010101010101;
    constexpr quint64 highs = 0x8080808080808080;
    const quint64 quotes = bytes ^ (ones * '"');
    const quint64 backslashes = bytes ^ (ones * '\\');
    const quint64 zeroQuote = (quotes - ones) & ~quotes;
    const quint64 zeroBackslash = (backslashes - ones) & ~backslashes;
    const quint64 below20 = (bytes - ones * 0x20) & ~bytes;
    return (zeroQuote | zeroBackslash | below20 | bytes) & highs;
}

// Moves `p` over plain string bytes to the next one that needs a look, or close to it.
inline const char *skipPlain(const char *p, const char *end)
{
    while (end - p >= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        if (const quint64 bits = attentionBits(word)) {
            if constexpr (std::endian::native == std::endian::little)
                p += std::countr_zero(bits) / 8;
            return p;
        }
        p += 8;
    }
    return p;
}

constexpr bool isWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Returns the end of the well-formed UTF-8 sequence that starts at `p` (a byte >= 0x80), or
// nullptr. Well-formed per Unicode table 3-7: no overlongs, no surrogates, nothing past U+10FFFF.
inline const char *skipUtf8Sequence(const char *p, const char *end)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    const uchar lead = u[0];
    int trailing;
    uchar low = 0x80;
    uchar high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        trailing = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        trailing = 2;
        if (lead == 0xe0)
            low = 0xa0;
        else if (lead == 0xed)
            high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        trailing = 3;
        if (lead == 0xf0)
            low = 0x90;
        else if (lead == 0xf4)
            high = 0x8f;
    } else {
        return nullptr;
    }
    if (end - p <= trailing || u[1] < low || u[1] > high)
        return nullptr;
    for (int i = 2; i <= trailing; ++i) {
        if ((u[i] & 0xc0) != 0x80)
            return nullptr;
    }
    return p + trailing + 1;
}

inline bool parseHex4(const char *p, char32_t &value)
{
    char32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= char32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= char32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= char32_t(c - 'A' + 10);
        else
            return false;
    }
    value = v;
    return true;
}

inline void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        const char bytes[] = {char(0xc0 | (cp >> 6)), char(0x80 | (cp & 0x3f))};
        out.append(bytes, 2);
    } else if (cp < 0x10000) {
        const char bytes[] = {char(0xe0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3f)),
                              char(0x80 | (cp & 0x3f))};
        out.append(bytes, 3);
    } else {
        const char bytes[] = {char(0xf0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3f)),
                              char(0x80 | ((cp >> 6) & 0x3f)), char(0x80 | (cp & 0x3f))};
        out.append(bytes, 4);
    }
}

} // namespace JsonBytes
