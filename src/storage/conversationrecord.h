// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reasoningeffort.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

// One conversation as stored. Timestamps are UTC.
struct ConversationRecord
{
    QString id; // UUID, lower-case, without braces
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool pinned = false;
    bool archived = false;
    QString providerProfile;
    QString model;
    QString systemPrompt;
    // Sampling parameters; unset leaves the choice to the server.
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    std::optional<ReasoningEffort> reasoningEffort; // unset: the server's default
    QString currentLeafId;   // the message the conversation shows the path to; empty when none
    qint64 messageCount = 0; // filled by list queries
};

Q_DECLARE_METATYPE(ConversationRecord)
