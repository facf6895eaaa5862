// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagepart.h"
#include "messagerecord.h"
#include "storageresult.h"

#include <QList>
#include <QString>

class Database;

// The rows of message_parts: a message's parts in order, one row each (docs/storage.md).
// Synchronous, on the storage thread; MessageRepository calls it inside its own transactions.
class MessagePartRepository
{
public:
    explicit MessagePartRepository(Database &db);

    // The parts a message is stored with, whose text is then its content: its parts when their
    // text is its content (or it has none); one text part of its content when it has no parts;
    // and when the content says otherwise (a record read back and its content edited, or parts
    // holding only the thinking beside the answer), its other parts with the content as the text,
    // where the first text part was, else last.
    static QList<MessagePart> storedParts(const MessageRecord &message);
    // Replaces the message's parts with `parts`, in order.
    StorageError replaceParts(const QString &messageId, const QList<MessagePart> &parts);
    // Appends `tail` to part `position`, first making that part, of `type`, when it is absent.
    StorageError appendToPart(const QString &messageId, int position, MessagePart::Type type,
                              const QString &tail);
    // Where more answer text goes: the last part when it is text, else a new part after it.
    StorageResult<int> textPosition(const QString &messageId);
    // Fills each message's parts, in order: one query for a page (in slices for a long list).
    StorageError readInto(QList<MessageRecord> &messages);

private:
    Database &m_db;
};
