// SPDX-License-Identifier: GPL-3.0-or-later
#include "messageparts.h"

namespace {

QString joined(const QList<MessagePart> &parts, MessagePart::Type type)
{
    QString result;
    bool first = true;
    for (const MessagePart &part : parts) {
        if (part.type != type || part.text.isEmpty())
            continue;
        if (!first)
            result += QLatin1StringView("\n\n");
        result += part.text;
        first = false;
    }
    return result;
}

} // namespace

QString MessageParts::joinedText(const QList<MessagePart> &parts)
{
    // The common case, one text part, costs no copy of the text.
    if (parts.size() == 1 && parts.front().type == MessagePart::Type::Text)
        return parts.front().text;
    return joined(parts, MessagePart::Type::Text);
}

QString MessageParts::reasoningText(const QList<MessagePart> &parts)
{
    return joined(parts, MessagePart::Type::Reasoning);
}

QList<MessagePart> MessageParts::fromContent(const QString &content)
{
    if (content.isEmpty())
        return {};
    return {MessagePart::textPart(content)};
}

QJsonArray MessageParts::toJson(const QList<MessagePart> &parts)
{
    QJsonArray array;
    for (const MessagePart &part : parts)
        array.append(part.toJson());
    return array;
}

QList<MessagePart> MessageParts::fromJson(const QJsonArray &array)
{
    QList<MessagePart> parts;
    for (const QJsonValue &value : array) {
        if (std::optional<MessagePart> part = MessagePart::fromJson(value.toObject()))
            parts.append(std::move(*part));
    }
    return parts;
}
