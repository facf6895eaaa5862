// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordrows.h"

#include "sqlvalues.h"
#include "storagelogging.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

using namespace SqlValues;

namespace RecordRows {

const QString conversationColumns = QStringLiteral("id, title, created_at, updated_at, pinned, archived, "
                                                   "provider_profile, model, system_prompt, current_leaf_id, "
                                                   "temperature, top_p, max_tokens, reasoning_effort");

const QString messageColumns =
    QStringLiteral("m.id, m.conversation_id, m.parent_id, m.role, m.content, m.status, m.error_text, m.model,"
                   " m.finish_reason, m.prompt_tokens, m.completion_tokens, m.total_tokens, m.created_at,"
                   " m.updated_at, m.writer_id, m.reasoning_tokens, m.first_token_ms, m.tokens_per_second");

ConversationRecord conversationFrom(const QSqlQuery &query, bool withCount)
{
    ConversationRecord record;
    record.id = query.value(0).toString();
    record.title = textFrom(query.value(1));
    record.createdAt = utc(query.value(2).toLongLong());
    record.updatedAt = utc(query.value(3).toLongLong());
    record.pinned = query.value(4).toBool();
    record.archived = query.value(5).toBool();
    record.providerProfile = textFrom(query.value(6));
    record.model = textFrom(query.value(7));
    record.systemPrompt = textFrom(query.value(8));
    record.currentLeafId = query.value(9).toString();
    record.temperature = optionalDouble(query.value(10));
    record.topP = optionalDouble(query.value(11));
    if (const std::optional<qint64> maxTokens = optionalInteger(query.value(12)))
        record.maxTokens = int(std::clamp<qint64>(*maxTokens, 0, std::numeric_limits<int>::max()));
    const QString effort = query.value(13).toString();
    if (!effort.isEmpty()) {
        record.reasoningEffort = ReasoningEffortName::parse(effort);
        if (!record.reasoningEffort)
            qCWarning(lcStorage) << "conversation" << record.id << "has an unknown reasoning effort"
                                 << effort;
    }
    if (withCount)
        record.messageCount = query.value(14).toLongLong();
    return record;
}

MessageRecord messageFrom(const QSqlQuery &query)
{
    MessageRecord record;
    record.id = query.value(0).toString();
    record.conversationId = query.value(1).toString();
    record.parentId = query.value(2).toString();
    const QString role = query.value(3).toString();
    if (const auto known = MessageRecord::roleFromName(role))
        record.role = *known;
    else
        qCWarning(lcStorage) << "message" << record.id << "has an unknown role" << role;
    record.content = textFrom(query.value(4));
    const QString status = query.value(5).toString();
    if (const auto known = MessageRecord::statusFromName(status))
        record.status = *known;
    else
        qCWarning(lcStorage) << "message" << record.id << "has an unknown status" << status;
    record.errorText = textFrom(query.value(6));
    record.model = textFrom(query.value(7));
    record.finishReason = textFrom(query.value(8));
    record.promptTokens = optionalInteger(query.value(9));
    record.completionTokens = optionalInteger(query.value(10));
    record.totalTokens = optionalInteger(query.value(11));
    record.createdAt = utc(query.value(12).toLongLong());
    record.updatedAt = utc(query.value(13).toLongLong());
    record.writerId = query.value(14).toString();
    record.reasoningTokens = optionalInteger(query.value(15));
    record.firstTokenMs = optionalInteger(query.value(16));
    record.tokensPerSecond = optionalDouble(query.value(17));
    return record;
}

} // namespace RecordRows
