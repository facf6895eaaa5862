// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "storageerror.h"

#include <QString>

class QSqlQuery;

// The columns the repositories select, and the records read back from them.
namespace RecordRows {

// conversations' columns, unqualified.
extern const QString conversationColumns;
// messages' columns, qualified with the alias "m" so the same list serves the recursive queries.
extern const QString messageColumns;

// Reads the columns of `conversationColumns` (and, when present, a message count after them).
ConversationRecord conversationFrom(const QSqlQuery &query, bool withCount);
// Without its parts: MessagePartRepository::readInto() adds them, for a page at once.
MessageRecord messageFrom(const QSqlQuery &query);

inline StorageError notFound(const QString &message)
{
    return {StorageError::Kind::NotFound, message, {}};
}

inline StorageError invalid(const QString &message)
{
    return {StorageError::Kind::Invalid, message, {}};
}

} // namespace RecordRows
