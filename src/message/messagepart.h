// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

// One typed piece of a message, in the order the model gave them: the answer's text, the
// model's thinking, and (filled by later work) tool calls, their results and attachments. The
// fields a type does not use stay empty. toJson() is the shape `confab-cli show --json` and the
// export give, e.g. {"type":"reasoning","text":"…","duration_ms":5120}.
struct MessagePart
{
    enum class Type { Text, Reasoning, ToolCall, ToolResult, Image, File };

    Type type = Type::Text;
    QString text;                     // text, reasoning; tool_result: its content
    std::optional<qint64> durationMs; // reasoning: how long the model thought, as the client saw
    QString signature;                // reasoning (Anthropic): sent back unchanged in a tool loop
    QString redactedData;             // reasoning (Anthropic's redacted_thinking): opaque, kept as is
    QString callId;                   // tool_call: its id; tool_result: the call it answers
    QString name;                     // tool_call: the tool; image, file: the file's name
    QString arguments;                // tool_call: the arguments, JSON text
    QString status;                   // tool_call: where it stands
    bool isError = false;             // tool_result
    QString attachmentId;             // image, file: the stored attachment
    QString mimeType;                 // image, file

    static MessagePart textPart(QString text);
    static MessagePart reasoningPart(QString text, std::optional<qint64> durationMs = {});

    // "text", "reasoning", "tool_call", "tool_result", "image", "file": the names the database
    // and the JSON use.
    static QString typeName(Type type);
    static std::optional<Type> typeFromName(QStringView name);

    QJsonObject toJson() const;
    // nullopt when the object has no type this version knows.
    static std::optional<MessagePart> fromJson(const QJsonObject &object);

    friend bool operator==(const MessagePart &, const MessagePart &) = default;
};

Q_DECLARE_METATYPE(MessagePart)
