// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstddef>
#include <optional>

// A one-pass pull reader over one JSON text (RFC 8259) in UTF-8. It builds no document: the
// caller walks objects key by key and reads or skips each value, and everything it skips is
// still fully validated. Errors are sticky: after the first one every call fails at once, so a
// walk can run to its end and check error() once.
//
// Protocol: where a value is expected (at the start, after nextKey() or nextElement() returned
// true) call peek() and then exactly one of enterObject(), enterArray(), readString(),
// readNumber(), readInteger() or skipValue() for the type peek() reported; at the end call
// finish(). Calling a read for the wrong type is an error (WrongType).
class JsonReader
{
public:
    enum class Type : quint8 { Invalid, Null, Bool, Number, String, Array, Object };

    enum class Error : quint8 {
        None,
        UnexpectedEnd,       // the text stops inside a value
        UnexpectedCharacter, // a byte that cannot start or continue what is expected here
        BadString,           // a control character, bad escape or bad UTF-8 in a string
        BadNumber,           // a number that breaks the grammar (1., -, -.5, 1e)
        BadLiteral,          // not exactly true, false or null
        TooDeep,             // more than MaxDepth arrays and objects nested
        TrailingData,        // something other than whitespace after the value
        WrongType,           // the caller asked for a type that is not the next value's
    };

    // Deep enough for any real payload, shallow enough that skipping (which recurses) can
    // never exhaust the stack.
    static constexpr int MaxDepth = 128;

    // The reader keeps a view: the text must outlive it.
    explicit JsonReader(QByteArrayView json) noexcept;
    template<size_t N>
    explicit JsonReader(const char (&json)[N]) noexcept
        : JsonReader(QByteArrayView(json))
    {}
    JsonReader(QByteArray &&) = delete; // would dangle

    // The type of the next value, without consuming it; Invalid on error.
    Type peek() noexcept
    {
        if (Q_LIKELY(m_expectValue && m_pos < m_end)) {
            const Type type = s_valueTypes[uchar(*m_pos)];
            if (Q_LIKELY(type != Type::Invalid))
                return type;
        }
        return peekSlow(); // whitespace first, or an error
    }

    // Consume the `{` or `[` of the next value.
    bool enterObject() noexcept;
    bool enterArray() noexcept;

    // Advances to the next member of the current object: true with its key (decoded UTF-8,
    // valid until the next call), false once the object's `}` has been consumed or on error.
    bool nextKey(QByteArrayView &key);
    // Advances to the next element of the current array: false once `]` has been consumed.
    bool nextElement() noexcept;

    // Reads the next value, a string, into `out` (a lone surrogate escape becomes U+FFFD).
    // When `out` has the capacity and is not shared, its buffer is reused.
    bool readString(QString &out);
    // Reads the next value, a number, and returns its text (a view into the input); empty on
    // error.
    QByteArrayView readNumber() noexcept;
    // Reads the next value, a number; returns it if it is written as an integer that fits in
    // qint64, std::nullopt otherwise (which is not an error if it is a valid number).
    std::optional<qint64> readInteger() noexcept;
    // Consumes the next value of any type, validating it.
    bool skipValue();

    // Call after the top-level value: true if it was complete and only whitespace follows.
    bool finish() noexcept;

    bool hasError() const noexcept { return m_error != Error::None; }
    Error error() const noexcept { return m_error; }
    // Byte offset into the input where the error was found.
    qsizetype errorOffset() const noexcept { return m_errorOffset; }

private:
    static const std::array<Type, 256> s_valueTypes;

    Q_DECL_COLD_FUNCTION bool fail(Error error, const char *at) noexcept;
    Type peekSlow() noexcept;
    bool skipWhitespace() noexcept;
    bool push(bool object) noexcept;
    void pop() noexcept;
    bool nextMember(QByteArrayView *key);
    bool scanString(QByteArrayView *decoded, bool *ascii);
    const char *scanEscape(const char *p, bool decode);
    bool scanNumber() noexcept;
    bool scanLiteral() noexcept;

    const char *m_begin;
    const char *m_pos;
    const char *m_end;
    qsizetype m_errorOffset = -1;
    quint64 m_objectBits[MaxDepth / 64] = {}; // per nesting level: object (1) or array (0)
    int m_depth = 0;
    bool m_inObject = false;   // the innermost open container is an object
    bool m_first = false;      // no member or element of the current container read yet
    bool m_expectValue = true; // a value must come next (and nothing else may be asked for)
    Error m_error = Error::None;
    QByteArray m_scratch; // decoded text of a string with escapes
};
