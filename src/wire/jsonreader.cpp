// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonreader.h"

#include "jsonbytes.h"

#include <array>

using namespace JsonBytes;

namespace {

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
