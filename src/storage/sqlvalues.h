// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reasoningeffort.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QVariant>

#include <optional>

// How values cross into and out of SQL, the same for both dialects: timestamps are UTC
// milliseconds, text that the schema says is NOT NULL is never bound as NULL, and text keeps
// every character, NUL included, although a PostgreSQL string cannot hold NUL.
namespace SqlValues {

// NUL is stored as U+FDD0 followed by '0', and U+FDD0 itself as U+FDD0 U+FDD0 (docs/storage.md).
// U+FDD0 is a noncharacter, meant for such internal use and not found in real text; the
// encoding works character by character, so text appended in SQL (content || ?) stays decodable.
inline constexpr QChar escapeMark{0xFDD0};

inline QString encodeText(const QString &value)
{
    if (!value.contains(QChar(0)) && !value.contains(escapeMark))
        return value;
    QString encoded;
    encoded.reserve(value.size() + 8);
    for (const QChar c : value) {
        if (c == QChar(0)) {
            encoded += escapeMark;
            encoded += u'0';
        } else if (c == escapeMark) {
            encoded += escapeMark;
            encoded += escapeMark;
        } else {
            encoded += c;
        }
    }
    return encoded;
}

inline QString decodeText(const QString &stored)
{
    if (!stored.contains(escapeMark))
        return stored;
    QString decoded;
    decoded.reserve(stored.size());
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const QChar c = stored.at(i);
        if (c == escapeMark && i + 1 < stored.size()) {
            const QChar next = stored.at(i + 1);
            if (next == u'0' || next == escapeMark) {
                decoded += next == u'0' ? QChar(0) : escapeMark;
                ++i;
                continue;
            }
        }
        decoded += c; // a lone mark (written before this encoding) stays as it was
    }
    return decoded;
}

// Text read from a column written with text() or nullableText().
inline QString textFrom(const QVariant &value)
{
    return decodeText(value.toString());
}

// Text for a NOT NULL column: a null QString would bind as NULL.
inline QVariant text(const QString &value)
{
    if (value.isNull())
        return QVariant(QStringLiteral(""));
    return QVariant(encodeText(value));
}

// Text for a nullable column: empty becomes NULL.
inline QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : text(value);
}

inline QVariant nullableInteger(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

inline QVariant nullableDouble(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<double>());
}

// The effort's name; unset (the server's default) is NULL.
inline QVariant nullableEffort(const std::optional<ReasoningEffort> &effort)
{
    return effort ? QVariant(ReasoningEffortName::of(*effort)) : QVariant(QMetaType::fromType<QString>());
}

inline std::optional<double> optionalDouble(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}

// Milliseconds since the epoch; an unset time means now.
inline qint64 millis(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

inline QDateTime utc(qint64 millis)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(millis, QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC);
#endif
}

inline std::optional<qint64> optionalInteger(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

} // namespace SqlValues
