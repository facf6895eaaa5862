// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerow.h"

#include "markdownblocks.h"

using namespace Qt::StringLiterals;

MessageRow MessageRow::make(const MessageRecord &message, SaveState saveState, QObject *owner)
{
    MessageRow row;
    row.message = message;
    row.saveState = saveState;
    if (message.promptTokens || message.completionTokens)
        row.usage = usageText(TokenUsage{message.promptTokens.value_or(0), message.completionTokens.value_or(0),
                                         message.totalTokens.value_or(0), 0});
    if (message.role == MessageRecord::Role::Assistant) {
        row.blocks = new MarkdownBlocks(owner);
        row.blocks->setText(message.content);
        row.blocks->setStreaming(isUnderway(message.status));
    }
    return row;
}

void MessageRow::release()
{
    if (blocks)
        blocks->deleteLater();
    blocks = nullptr;
}

bool MessageRow::isUnderway(MessageRecord::Status status)
{
    return status == MessageRecord::Status::Pending || status == MessageRecord::Status::Streaming;
}

QString MessageRow::saveStateName(SaveState state)
{
    switch (state) {
    case SaveState::Saved:
        return u"saved"_s;
    case SaveState::Saving:
        return u"saving"_s;
    case SaveState::NotSaved:
        return u"notSaved"_s;
    }
    return {};
}

QString MessageRow::usageText(const std::optional<TokenUsage> &usage)
{
    if (!usage)
        return {};
    return u"%1 + %2 tokens"_s.arg(usage->promptTokens).arg(usage->completionTokens);
}
