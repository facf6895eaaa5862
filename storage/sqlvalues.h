// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QVariant>

#include <optional>

// How values cross into and out of SQL, the same for both dialects: timestamps are UTC
// milliseconds, text that the schema says is NOT NULL is never bound as NULL, and text a
// PostgreSQL string cannot hold (NUL) is replaced rather than failing the write.
namespace SqlValues {

// Text for a NOT NULL column: a null QString would bind as NULL.
inline QVariant text(const QString &value)
{
    if (value.isNull())
        return QVariant(QStringLiteral(""));
    if (value.contains(QChar(0))) {
        QString cleaned = value;
        cleaned.replace(QChar(0), QChar(QChar::ReplacementCharacter));
        return QVariant(cleaned);
    }
    return QVariant(value);
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
