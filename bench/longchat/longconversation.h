// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"

#include <QList>
#include <QString>

class ConversationStore;

// The benchmark's long conversation: questions of a sentence or two and replies the way chat
// models write them (headings, paragraphs, lists, fenced code, tables, quotes), each with inline
// and display math, from a seeded generator so every run reads the same text.
class LongConversation
{
public:
    static constexpr auto title = "Long conversation benchmark";

    // `count` messages, alternating question and reply, oldest first, each the parent of the next.
    static QList<MessageRecord> make(const QString &conversationId, int count, quint32 seed);

    // Writes them with their conversation into `store`; the id of the conversation, or empty
    // (with `error` set) when the store refused.
    static QString write(ConversationStore &store, int count, quint32 seed, QString *error);
};
