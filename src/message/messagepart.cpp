// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagepart.h"

#include <array>
#include <utility>

namespace {

// The names are what the database's CHECK constraint accepts: keep them in step with
// docs/storage.md.
constexpr std::array<std::pair<MessagePart::Type, const char16_t *>, 6> typeNames{{
    {MessagePart::Type::Text, u"text"},
    {MessagePart::Type::Reasoning, u"reasoning"},
    {MessagePart::Type::ToolCall, u"tool_call"},
    {MessagePart::Type::ToolResult, u"tool_result"},
    {MessagePart::Type::Image, u"image"},
    {MessagePart::Type::File, u"file"},
}};

void insertIfSet(QJsonObject &object, QLatin1StringView key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

} // namespace

MessagePart MessagePart::textPart(QString text)
{
    MessagePart part;
    part.text = std::move(text);
    return part;
}

MessagePart MessagePart::reasoningPart(QString text, std::optional<qint64> durationMs)
{
    MessagePart part;
    part.type = Type::Reasoning;
    part.text = std::move(text);
    part.durationMs = durationMs;
    return part;
}

QString MessagePart::typeName(Type type)
{
    for (const auto &[candidate, name] : typeNames) {
        if (candidate == type)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<MessagePart::Type> MessagePart::typeFromName(QStringView name)
{
    for (const auto &[type, candidate] : typeNames) {
        if (name == QStringView(candidate))
            return type;
    }
    return std::nullopt;
}

QJsonObject MessagePart::toJson() const
{
    QJsonObject object{{QLatin1StringView("type"), typeName(type)}};
    switch (type) {
    case Type::Text:
        object.insert(QLatin1StringView("text"), text);
        break;
    case Type::Reasoning:
        object.insert(QLatin1StringView("text"), text);
        if (durationMs)
            object.insert(QLatin1StringView("duration_ms"), *durationMs);
        insertIfSet(object, QLatin1StringView("signature"), signature);
        insertIfSet(object, QLatin1StringView("redacted_data"), redactedData);
        break;
    case Type::ToolCall:
        object.insert(QLatin1StringView("id"), callId);
        object.insert(QLatin1StringView("name"), name);
        object.insert(QLatin1StringView("arguments"), arguments);
        insertIfSet(object, QLatin1StringView("status"), status);
        break;
    case Type::ToolResult:
        object.insert(QLatin1StringView("call_id"), callId);
        object.insert(QLatin1StringView("content"), text);
        object.insert(QLatin1StringView("is_error"), isError);
        break;
    case Type::Image:
    case Type::File:
        object.insert(QLatin1StringView("attachment_id"), attachmentId);
        object.insert(QLatin1StringView("mime_type"), mimeType);
        insertIfSet(object, QLatin1StringView("name"), name);
        break;
    }
    return object;
}

std::optional<MessagePart> MessagePart::fromJson(const QJsonObject &object)
{
    const std::optional<Type> type = typeFromName(object.value(QLatin1StringView("type")).toString());
    if (!type)
        return std::nullopt;
    const auto string = [&object](const char *key) {
        return object.value(QLatin1StringView(key)).toString();
    };
    MessagePart part;
    part.type = *type;
    switch (*type) {
    case Type::Text:
        part.text = string("text");
        break;
    case Type::Reasoning:
        part.text = string("text");
        if (const QJsonValue duration = object.value(QLatin1StringView("duration_ms")); duration.isDouble())
            part.durationMs = duration.toInteger();
        part.signature = string("signature");
        part.redactedData = string("redacted_data");
        break;
    case Type::ToolCall:
        part.callId = string("id");
        part.name = string("name");
        part.arguments = string("arguments");
        part.status = string("status");
        break;
    case Type::ToolResult:
        part.callId = string("call_id");
        part.text = string("content");
        part.isError = object.value(QLatin1StringView("is_error")).toBool();
        break;
    case Type::Image:
    case Type::File:
        part.attachmentId = string("attachment_id");
        part.mimeType = string("mime_type");
        part.name = string("name");
        break;
    }
    return part;
}
