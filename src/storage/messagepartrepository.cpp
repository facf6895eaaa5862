// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagepartrepository.h"

#include "database.h"
#include "messageparts.h"
#include "sqlvalues.h"
#include "storagelogging.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

using namespace SqlValues;

namespace {

// The JSON key that holds a part's `text` column.
QLatin1StringView textKey(MessagePart::Type type)
{
    return type == MessagePart::Type::ToolResult ? QLatin1StringView("content") : QLatin1StringView("text");
}

// The part's fields other than its type and text, as toJson() gives them; empty when none.
QString fieldsOf(const MessagePart &part)
{
    QJsonObject object = part.toJson();
    object.remove(QLatin1StringView("type"));
    object.remove(textKey(part.type));
    if (object.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<MessagePart> partFrom(const QString &typeName, const QString &text, const QString &fields)
{
    const std::optional<MessagePart::Type> type = MessagePart::typeFromName(typeName);
    if (!type)
        return std::nullopt;
    QJsonObject object = fields.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(fields.toUtf8()).object();
    object.insert(QLatin1StringView("type"), typeName);
    object.insert(textKey(*type), text);
    return MessagePart::fromJson(object);
}

} // namespace

MessagePartRepository::MessagePartRepository(Database &db)
    : m_db(db)
{}

QList<MessagePart> MessagePartRepository::storedParts(const MessageRecord &message)
{
    if (message.parts.isEmpty())
        return MessageParts::fromContent(message.content);
    if (message.content.isEmpty() || MessageParts::joinedText(message.parts) == message.content)
        return message.parts;
    QList<MessagePart> parts;
    bool placed = false;
    for (const MessagePart &part : message.parts) {
        if (part.type != MessagePart::Type::Text) {
            parts.append(part);
        } else if (!placed) {
            parts.append(MessagePart::textPart(message.content));
            placed = true;
        }
    }
    if (!placed)
        parts.append(MessagePart::textPart(message.content));
    return parts;
}

StorageError MessagePartRepository::replaceParts(const QString &messageId, const QList<MessagePart> &parts)
{
    const QString what = QStringLiteral("cannot save the message");
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM message_parts WHERE message_id = ? AND position >= ?"));
    query.addBindValue(messageId);
    query.addBindValue(int(parts.size()));
    if (!query.exec())
        return m_db.errorFrom(query, what);
    // A part that is already as given is not written again: the final save of a streamed reply
    // then rewrites none of the text its appends wrote, and indexes no thinking twice.
    query.prepare(QStringLiteral(
        "INSERT INTO message_parts (message_id, position, type, text, fields) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (message_id, position) DO UPDATE"
        " SET type = excluded.type, text = excluded.text, fields = excluded.fields"
        " WHERE message_parts.type <> excluded.type OR message_parts.text <> excluded.text"
        " OR COALESCE(message_parts.fields, '') <> COALESCE(excluded.fields, '')"));
    for (qsizetype position = 0; position < parts.size(); ++position) {
        const MessagePart &part = parts.at(position);
        query.bindValue(0, messageId);
        query.bindValue(1, int(position));
        query.bindValue(2, MessagePart::typeName(part.type));
        query.bindValue(3, text(part.text));
        query.bindValue(4, nullableText(fieldsOf(part)));
        if (!query.exec())
            return m_db.errorFrom(query, what);
    }
    return {};
}

StorageError MessagePartRepository::appendToPart(const QString &messageId, int position,
                                                 MessagePart::Type type, const QString &tail)
{
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO message_parts (message_id, position, type, text) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (message_id, position) DO UPDATE"
                       " SET text = message_parts.text || excluded.text"));
    query.addBindValue(messageId);
    query.addBindValue(position);
    query.addBindValue(MessagePart::typeName(type));
    query.addBindValue(text(tail));
    if (!query.exec())
        return m_db.errorFrom(query, QStringLiteral("cannot save the reply"));
    return {};
}

StorageResult<int> MessagePartRepository::textPosition(const QString &messageId)
{
    StorageResult<int> result;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT position, type FROM message_parts WHERE message_id = ? ORDER BY position DESC LIMIT 1"));
    query.addBindValue(messageId);
    if (!query.exec()) {
        result.error = m_db.errorFrom(query, QStringLiteral("cannot save the reply"));
        return result;
    }
    if (query.next()) {
        const int last = query.value(0).toInt();
        result.value =
            query.value(1).toString() == MessagePart::typeName(MessagePart::Type::Text) ? last : last + 1;
    }
    return result;
}

StorageError MessagePartRepository::readInto(QList<MessageRecord> &messages)
{
    // A damaged parent chain may list a message twice: each copy gets its parts.
    QHash<QString, QList<qsizetype>> indexesOf;
    QStringList ids;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QList<qsizetype> &indexes = indexesOf[messages.at(i).id];
        if (indexes.isEmpty())
            ids.append(messages.at(i).id);
        indexes.append(i);
    }
    // Far below either server's limit on bound values.
    constexpr qsizetype slice = 200;
    for (qsizetype first = 0; first < ids.size(); first += slice) {
        const QStringList some = ids.mid(first, slice);
        QSqlQuery query(m_db.connection());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT message_id, type, text, fields FROM message_parts"
                                     " WHERE message_id IN (%1) ORDER BY message_id, position")
                          .arg(QStringList(some.size(), QStringLiteral("?")).join(u", ")));
        for (const QString &id : some)
            query.addBindValue(id);
        if (!query.exec())
            return m_db.errorFrom(query, QStringLiteral("cannot read the conversation's messages"));
        while (query.next()) {
            const QString messageId = query.value(0).toString();
            const QString type = query.value(1).toString();
            if (std::optional<MessagePart> part =
                    partFrom(type, textFrom(query.value(2)), textFrom(query.value(3)))) {
                for (const qsizetype index : indexesOf.value(messageId))
                    messages[index].parts.append(*part);
            } else {
                qCWarning(lcStorage) << "message" << messageId << "has a part of an unknown type" << type;
            }
        }
    }
    // A message whose parts were lost (a salvage from an older file) still reads as its content.
    for (MessageRecord &message : messages) {
        if (message.parts.isEmpty())
            message.parts = MessageParts::fromContent(message.content);
    }
    return {};
}
