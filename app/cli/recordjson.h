// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "searchhit.h"

#include <QJsonArray>
#include <QJsonObject>

// The JSON that `list`, `show` and `search --json` print, with snake_case keys as in the
// schema and timestamps in ISO 8601, UTC, to the millisecond.
namespace RecordJson {

QString timestamp(const QDateTime &time); // "2024-05-01T09:30:00.000Z", or "" when unset

// id, title, created_at, updated_at, pinned, archived, and message_count (for list) or
// model, system_prompt, temperature, top_p, max_tokens and reasoning_effort (null when unset;
// for show).
QJsonObject listEntry(const ConversationRecord &conversation);
QJsonObject conversation(const ConversationRecord &conversation);
QJsonObject message(const MessageRecord &message);
QJsonObject searchHit(const SearchHit &hit);

// Writes `json` to stdout, indented, with a final newline.
void print(const QJsonObject &json);
void print(const QJsonArray &json);

} // namespace RecordJson
