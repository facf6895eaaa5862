// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"

#include <QHash>
#include <QList>
#include <QString>

// A real SQLite history with some conversations, then really damaged: garbage written over
// some of the pages that hold the messages table's rows, as a failing disk would leave it.
class DamagedHistory
{
public:
    // Writes `conversations` conversations of `messagesEach` messages to a new file at `path`,
    // then damages `damagedPages` of its message pages. error() says what went wrong, if anything.
    DamagedHistory(const QString &path, int conversations, int messagesEach, int damagedPages);

    QString error() const { return m_error; }
    QList<ConversationRecord> conversations() const { return m_conversations; }
    // Every message as written, by id.
    const QHash<QString, MessageRecord> &messages() const { return m_messages; }
    // The conversation's messages, oldest first.
    QList<MessageRecord> messagesOf(const QString &conversationId) const;

private:
    QString m_error;
    QList<ConversationRecord> m_conversations;
    QHash<QString, MessageRecord> m_messages;
};
