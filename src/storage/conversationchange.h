// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

// Some fields of one stored conversation, to be written without touching the others. Whatever
// the user changes (a title, a pin, the chat's settings) is written as such a change, never as a
// whole record: a record held in memory is stale in the fields someone else changed meanwhile
// (the sidebar's rename, a generated title, another machine), and writing it back would undo them.
struct ConversationChange
{
    QString id;
    std::optional<QString> title;
    std::optional<bool> pinned;
    std::optional<bool> archived;
    std::optional<QString> providerProfile;
    std::optional<QString> model;
    std::optional<QString> systemPrompt;
    // The outer optional says whether it changes; the inner one is the value (unset: NULL).
    std::optional<std::optional<double>> temperature;
    std::optional<std::optional<double>> topP;
    std::optional<std::optional<int>> maxTokens;
    std::optional<std::optional<ReasoningEffort>> reasoningEffort;

    // The fields in which `after` differs from `before` (the same conversation).
    static ConversationChange between(const ConversationRecord &before, const ConversationRecord &after);

    bool isEmpty() const;
    void applyTo(ConversationRecord &record) const;

    // The "column = ?" assignments of what changes, and their values in the same order.
    QStringList assignments() const;
    QList<QVariant> values() const;
};
