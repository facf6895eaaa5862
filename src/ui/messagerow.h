// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"
#include "tokenusage.h"

#include <QString>

#include <optional>

class MarkdownBlocks;
class QObject;

// One row of MessageModel: the stored message and what the window adds to it.
struct MessageRow
{
    enum class SaveState { Saved, Saving, NotSaved };

    // An assistant message gets its markdown blocks, owned by `owner`; QML only borrows them.
    static MessageRow make(const MessageRecord &message, SaveState saveState, QObject *owner);
    // Lets go of the blocks: a delegate may still hold them until the view has processed the removal.
    void release();

    // Still arriving: pending or streaming.
    static bool isUnderway(MessageRecord::Status status);
    static QString saveStateName(SaveState state);
    // e.g. "12 + 340 tokens"; empty when unknown.
    static QString usageText(const std::optional<TokenUsage> &usage);

    MessageRecord message;
    SaveState saveState = SaveState::Saved;
    int branchIndex = 0;
    int branchCount = 1;
    QString usage;
    MarkdownBlocks *blocks = nullptr;
};
