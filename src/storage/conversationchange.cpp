// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationchange.h"

#include "sqlvalues.h"

using namespace SqlValues;

namespace {

template<typename T> void compare(std::optional<T> &change, const T &before, const T &after)
{
    if (before != after)
        change = after;
}

template<typename T> void apply(const std::optional<T> &change, T &field)
{
    if (change)
        field = *change;
}

} // namespace

ConversationChange ConversationChange::between(const ConversationRecord &before,
                                               const ConversationRecord &after)
{
    ConversationChange change;
    change.id = after.id;
    compare(change.title, before.title, after.title);
    compare(change.pinned, before.pinned, after.pinned);
    compare(change.archived, before.archived, after.archived);
    compare(change.providerProfile, before.providerProfile, after.providerProfile);
    compare(change.model, before.model, after.model);
    compare(change.systemPrompt, before.systemPrompt, after.systemPrompt);
    compare(change.temperature, before.temperature, after.temperature);
    compare(change.topP, before.topP, after.topP);
    compare(change.maxTokens, before.maxTokens, after.maxTokens);
    compare(change.reasoningEffort, before.reasoningEffort, after.reasoningEffort);
    return change;
}

bool ConversationChange::isEmpty() const
{
    return assignments().isEmpty();
}

void ConversationChange::applyTo(ConversationRecord &record) const
{
    apply(title, record.title);
    apply(pinned, record.pinned);
    apply(archived, record.archived);
    apply(providerProfile, record.providerProfile);
    apply(model, record.model);
    apply(systemPrompt, record.systemPrompt);
    apply(temperature, record.temperature);
    apply(topP, record.topP);
    apply(maxTokens, record.maxTokens);
    apply(reasoningEffort, record.reasoningEffort);
}

QStringList ConversationChange::assignments() const
{
    QStringList columns;
    if (title)
        columns.append(QStringLiteral("title = ?"));
    if (pinned)
        columns.append(QStringLiteral("pinned = ?"));
    if (archived)
        columns.append(QStringLiteral("archived = ?"));
    if (providerProfile)
        columns.append(QStringLiteral("provider_profile = ?"));
    if (model)
        columns.append(QStringLiteral("model = ?"));
    if (systemPrompt)
        columns.append(QStringLiteral("system_prompt = ?"));
    if (temperature)
        columns.append(QStringLiteral("temperature = ?"));
    if (topP)
        columns.append(QStringLiteral("top_p = ?"));
    if (maxTokens)
        columns.append(QStringLiteral("max_tokens = ?"));
    if (reasoningEffort)
        columns.append(QStringLiteral("reasoning_effort = ?"));
    return columns;
}

QList<QVariant> ConversationChange::values() const
{
    QList<QVariant> bound;
    if (title)
        bound.append(text(*title));
    if (pinned)
        bound.append(*pinned);
    if (archived)
        bound.append(*archived);
    if (providerProfile)
        bound.append(text(*providerProfile));
    if (model)
        bound.append(text(*model));
    if (systemPrompt)
        bound.append(text(*systemPrompt));
    if (temperature)
        bound.append(nullableDouble(*temperature));
    if (topP)
        bound.append(nullableDouble(*topP));
    if (maxTokens)
        bound.append(*maxTokens ? QVariant(**maxTokens) : QVariant(QMetaType::fromType<int>()));
    if (reasoningEffort)
        bound.append(nullableEffort(*reasoningEffort));
    return bound;
}
