// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonreader.h"

#include <array>
#include <bit>
#include <cstring>

namespace {

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
constexpr std::array<quint8, 256> stringClasses = makeStringClasses();

constexpr std::array<JsonReader::Type, 256> makeValueTypes()
{
    using Type = JsonReader::Type;
    std::array<Type, 256> types{}; // Invalid
    types['{'] = Type::Object;
    types['['] = Type::Array;
    types['"'] = Type::String;
    types['t'] = Type::Bool;
    types['f'] = Type::Bool;
    types['n'] = Type::Null;
    types['-'] = Type::Number;
    for (int c = '0'; c <= '9'; ++c)
        types[c] = Type::Number;
    return types;
}

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
const char *skipUtf8Sequence(const char *p, const char *end)
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

bool parseHex4(const char *p, char32_t &value)
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

void appendUtf8(QByteArray &out, char32_t cp)
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

} // namespace

const std::array<JsonReader::Type, 256> JsonReader::s_valueTypes = makeValueTypes();

static_assert(JsonReader::MaxDepth % 64 == 0, "m_objectBits holds whole words");

JsonReader::JsonReader(QByteArrayView json) noexcept
    : m_begin(json.data())
    , m_pos(json.data())
    , m_end(json.data() + json.size())
{}

bool JsonReader::fail(Error error, const char *at) noexcept
{
    if (m_error == Error::None) {
        m_error = error;
        m_errorOffset = at - m_begin;
        // Stops every fast path, so they need not look at m_error.
        m_pos = m_end;
        m_expectValue = false;
    }
    return false;
}

inline bool JsonReader::skipWhitespace() noexcept
{
    if (Q_LIKELY(m_pos < m_end && uchar(*m_pos) > ' '))
        return true; // compact JSON has none
    while (m_pos < m_end && isWhitespace(*m_pos))
        ++m_pos;
    return m_pos < m_end;
}

JsonReader::Type JsonReader::peekSlow() noexcept
{
    if (m_error != Error::None)
        return Type::Invalid;
    if (!m_expectValue) {
        // At the top level that is a second value; anywhere else, a caller out of step.
        fail(m_depth == 0 ? Error::TrailingData : Error::WrongType, m_pos);
        return Type::Invalid;
    }
    if (!skipWhitespace()) {
        fail(Error::UnexpectedEnd, m_pos);
        return Type::Invalid;
    }
    const Type type = s_valueTypes[uchar(*m_pos)];
    if (type == Type::Invalid)
        fail(Error::UnexpectedCharacter, m_pos);
    return type;
}

bool JsonReader::push(bool object) noexcept
{
    if (m_depth >= MaxDepth)
        return fail(Error::TooDeep, m_pos);
    const quint64 bit = quint64(1) << (m_depth % 64);
    if (object)
        m_objectBits[m_depth / 64] |= bit;
    else
        m_objectBits[m_depth / 64] &= ~bit;
    ++m_depth;
    ++m_pos;
    m_inObject = object;
    m_first = true;
    m_expectValue = false;
    return true;
}

void JsonReader::pop() noexcept
{
    ++m_pos;
    --m_depth;
    const int parent = m_depth - 1;
    m_inObject = parent >= 0 && ((m_objectBits[parent / 64] >> (parent % 64)) & 1);
    m_first = false;
}

bool JsonReader::enterObject() noexcept
{
    if (peek() != Type::Object)
        return fail(Error::WrongType, m_pos);
    return push(true);
}

bool JsonReader::enterArray() noexcept
{
    if (peek() != Type::Array)
        return fail(Error::WrongType, m_pos);
    return push(false);
}

bool JsonReader::nextKey(QByteArrayView &key)
{
    return nextMember(&key);
}

bool JsonReader::nextMember(QByteArrayView *key)
{
    if (m_error != Error::None)
        return false;
    if (m_expectValue || !m_inObject)
        return fail(Error::WrongType, m_pos);
    if (!skipWhitespace())
        return fail(Error::UnexpectedEnd, m_pos);
    if (*m_pos == '}') {
        pop();
        return false;
    }
    if (!m_first) {
        if (*m_pos != ',')
            return fail(Error::UnexpectedCharacter, m_pos);
        ++m_pos;
        if (!skipWhitespace())
            return fail(Error::UnexpectedEnd, m_pos);
    }
    if (*m_pos != '"')
        return fail(Error::UnexpectedCharacter, m_pos);
    if (!scanString(key, nullptr))
        return false;
    if (!skipWhitespace())
        return fail(Error::UnexpectedEnd, m_pos);
    if (*m_pos != ':')
        return fail(Error::UnexpectedCharacter, m_pos);
    ++m_pos;
    m_first = false;
    m_expectValue = true;
    return true;
}

bool JsonReader::nextElement() noexcept
{
    if (m_error != Error::None)
        return false;
    if (m_expectValue || m_depth == 0 || m_inObject)
        return fail(Error::WrongType, m_pos);
    if (!skipWhitespace())
        return fail(Error::UnexpectedEnd, m_pos);
    if (*m_pos == ']') {
        pop();
        return false;
    }
    if (!m_first) {
        if (*m_pos != ',')
            return fail(Error::UnexpectedCharacter, m_pos);
        ++m_pos;
    }
    m_first = false;
    m_expectValue = true;
    return true;
}

// Consumes the string at m_pos. With `decoded`, it receives the contents: a view into the input
// when there are no escapes (the common case), else the decoded text in m_scratch.
bool JsonReader::scanString(QByteArrayView *decoded, bool *ascii)
{
    const char *p = m_pos + 1;
    const char *run = p; // start of the input not yet copied to m_scratch
    bool escaped = false;
    bool plainAscii = true;
    for (;;) {
        p = skipPlain(p, m_end);
        while (p < m_end && stringClasses[uchar(*p)] == 0)
            ++p;
        if (p == m_end)
            return fail(Error::UnexpectedEnd, p);
        const char c = *p;
        if (c == '"')
            break;
        if (c == '\\') {
            if (decoded) {
                if (!escaped)
                    m_scratch.resize(0);
                m_scratch.append(run, p - run);
            }
            escaped = true;
            p = scanEscape(p, decoded != nullptr);
            if (!p)
                return false;
            run = p;
        } else if (uchar(c) < 0x20) {
            return fail(Error::BadString, p);
        } else {
            const char *next = skipUtf8Sequence(p, m_end);
            if (!next)
                return fail(Error::BadString, p);
            p = next;
            plainAscii = false;
        }
    }
    if (decoded) {
        if (escaped) {
            m_scratch.append(run, p - run);
            *decoded = m_scratch;
        } else {
            *decoded = QByteArrayView(m_pos + 1, p);
        }
    }
    if (ascii)
        *ascii = plainAscii && !escaped;
    m_pos = p + 1;
    return true;
}

// Consumes the escape at `p` (a backslash), appending what it stands for to m_scratch if
// `decode`. Returns the position after it, or nullptr on error.
const char *JsonReader::scanEscape(const char *p, bool decode)
{
    if (m_end - p < 2) {
        fail(Error::UnexpectedEnd, m_end);
        return nullptr;
    }
    char simple;
    switch (p[1]) {
    case '"':
        simple = '"';
        break;
    case '\\':
        simple = '\\';
        break;
    case '/':
        simple = '/';
        break;
    case 'b':
        simple = '\b';
        break;
    case 'f':
        simple = '\f';
        break;
    case 'n':
        simple = '\n';
        break;
    case 'r':
        simple = '\r';
        break;
    case 't':
        simple = '\t';
        break;
    case 'u': {
        char32_t cp;
        if (m_end - p < 6 || !parseHex4(p + 2, cp)) {
            fail(Error::BadString, p);
            return nullptr;
        }
        p += 6;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            char32_t low;
            if (m_end - p >= 6 && p[0] == '\\' && p[1] == 'u' && parseHex4(p + 2, low) && low >= 0xdc00 &&
                low <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
            } else {
                cp = 0xfffd; // a high surrogate with no low one after it
            }
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            cp = 0xfffd; // a low surrogate with no high one before it
        }
        if (decode)
            appendUtf8(m_scratch, cp);
        return p;
    }
    default:
        fail(Error::BadString, p);
        return nullptr;
    }
    if (decode)
        m_scratch.append(simple);
    return p + 2;
}

// number = [ minus ] int [ frac ] [ exp ], RFC 8259 section 6.
bool JsonReader::scanNumber() noexcept
{
    const char *p = m_pos;
    if (*p == '-')
        ++p;
    if (p == m_end)
        return fail(Error::BadNumber, p);
    if (*p == '0') {
        ++p;
    } else if (isDigit(*p)) {
        while (p < m_end && isDigit(*p))
            ++p;
    } else {
        return fail(Error::BadNumber, p);
    }
    if (p < m_end && *p == '.') {
        ++p;
        if (p == m_end || !isDigit(*p))
            return fail(Error::BadNumber, p);
        while (p < m_end && isDigit(*p))
            ++p;
    }
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < m_end && (*p == '+' || *p == '-'))
            ++p;
        if (p == m_end || !isDigit(*p))
            return fail(Error::BadNumber, p);
        while (p < m_end && isDigit(*p))
            ++p;
    }
    m_pos = p;
    return true;
}

bool JsonReader::scanLiteral() noexcept
{
    const char *word = *m_pos == 't' ? "true" : *m_pos == 'f' ? "false" : "null";
    const qsizetype length = qsizetype(std::strlen(word));
    if (m_end - m_pos < length || std::memcmp(m_pos, word, size_t(length)) != 0)
        return fail(Error::BadLiteral, m_pos);
    m_pos += length;
    return true;
}

bool JsonReader::readString(QString &out)
{
    if (peek() != Type::String)
        return fail(Error::WrongType, m_pos);
    QByteArrayView text;
    bool ascii = false;
    if (!scanString(&text, &ascii))
        return false;
    m_expectValue = false;
    if (!ascii) {
        out = QString::fromUtf8(text);
    } else if (out.isDetached()) {
        // Reuses the buffer: a chunk decoded again and again then allocates nothing.
        out.resize(text.size());
        QChar *d = out.data();
        for (qsizetype i = 0; i < text.size(); ++i)
            d[i] = QChar(QLatin1Char(text[i]));
    } else {
        out = QString::fromLatin1(text);
    }
    return true;
}

QByteArrayView JsonReader::readNumber() noexcept
{
    if (peek() != Type::Number) {
        fail(Error::WrongType, m_pos);
        return {};
    }
    const char *start = m_pos;
    if (!scanNumber())
        return {};
    m_expectValue = false;
    return QByteArrayView(start, m_pos);
}

std::optional<qint64> JsonReader::readInteger() noexcept
{
    const QByteArrayView text = readNumber();
    if (text.isEmpty())
        return std::nullopt;
    const bool negative = text.front() == '-';
    const quint64 limit = negative ? quint64(1) << 63 : (quint64(1) << 63) - 1;
    quint64 value = 0;
    for (qsizetype i = negative ? 1 : 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!isDigit(c))
            return std::nullopt; // a fraction or an exponent
        const auto digit = quint64(c - '0');
        if (value > (limit - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return negative ? qint64(0 - value) : qint64(value);
}

bool JsonReader::skipValue()
{
    switch (peek()) {
    case Type::Invalid:
        return false;
    case Type::Object:
        if (!push(true))
            return false;
        while (nextMember(nullptr)) {
            if (!skipValue())
                return false;
        }
        return m_error == Error::None;
    case Type::Array:
        if (!push(false))
            return false;
        while (nextElement()) {
            if (!skipValue())
                return false;
        }
        return m_error == Error::None;
    case Type::String:
        if (!scanString(nullptr, nullptr))
            return false;
        break;
    case Type::Number:
        if (!scanNumber())
            return false;
        break;
    case Type::Bool:
    case Type::Null:
        if (!scanLiteral())
            return false;
        break;
    }
    m_expectValue = false;
    return true;
}

bool JsonReader::finish() noexcept
{
    if (m_error != Error::None)
        return false;
    if (m_depth != 0 || m_expectValue)
        return fail(Error::WrongType, m_pos);
    if (skipWhitespace())
        return fail(Error::TrailingData, m_pos);
    return true;
}
