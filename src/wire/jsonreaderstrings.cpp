// SPDX-License-Identifier: GPL-3.0-or-later
// JsonReader's strings: scanning, unescaping and reading them (the rest is in jsonreader.cpp).
#include "jsonreader.h"

#include "jsonbytes.h"

using namespace JsonBytes;
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
