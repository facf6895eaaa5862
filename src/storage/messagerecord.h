// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagepart.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// One message as stored. Edits and regenerations make siblings under the same parent.
struct MessageRecord
{
    enum class Role { System, User, Assistant };
    enum class Status { Pending, Streaming, Complete, Stopped, Interrupted, Error };

    QString id; // UUID
    QString conversationId;
    QString parentId; // empty for the first message
    Role role = Role::User;
    QString content; // the text parts joined (MessageParts::joinedText): the answer
    // In order. A message stored before parts existed reads as one text part of its content;
    // one saved with no parts but content gets that one text part.
    QList<MessagePart> parts;
    Status status = Status::Complete;
    QString errorText;
    QString model;
    QString finishReason;
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    std::optional<qint64> totalTokens;
    std::optional<qint64> reasoningTokens;
    // Measured by the client: from the request leaving to the first token (thinking or answer),
    // and the reply's tokens per second from its first token to its last.
    std::optional<qint64> firstTokenMs;
    std::optional<double> tokensPerSecond;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString writerId; // while Streaming: the instances.id of the Confab writing it; else empty

    static QString roleName(Role role); // "system", "user", "assistant"
    static std::optional<Role> roleFromName(const QString &name);
    static QString statusName(Status status); // "pending", "streaming", …
    static std::optional<Status> statusFromName(const QString &name);
};

Q_DECLARE_METATYPE(MessageRecord)
