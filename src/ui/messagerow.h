// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

class MarkdownBlocks;
class QObject;

// One row of MessageModel: the stored message and what the window adds to it. Each change says
// which of MessageModel's roles it changed, so the model announces only those.
struct MessageRow
{
    enum class SaveState { Saved, Saving, NotSaved };

    // An assistant message gets its markdown blocks, its answer's and its thinking's, owned by
    // `owner`; QML only borrows them.
    static MessageRow make(const MessageRecord &message, SaveState saveState, QObject *owner);
    // Lets go of the blocks: a delegate may still hold them until the view has processed the removal.
    void release();

    // Still arriving: pending or streaming.
    static bool isUnderway(MessageRecord::Status status);
    static QString saveStateName(SaveState state);

    // The value of one of MessageModel's roles.
    QVariant data(int role) const;
    // The stored fields of `next` (text and parts included) replace the row's.
    QList<int> update(const MessageRecord &next);
    QList<int> appendContent(const QString &delta);
    // Streaming: the model began thinking at `since`; `delta` joined its thinking; it stopped
    // after `durationMs`.
    QList<int> startThinking(const QDateTime &since);
    QList<int> appendReasoning(const QString &delta);
    QList<int> endThinking(qint64 durationMs);
    // The user opened or closed the thinking (unset: open while thinking, closed once answered).
    QList<int> setThinkingOpen(const QVariant &open);

    MessageRecord message;
    SaveState saveState = SaveState::Saved;
    int branchIndex = 0;
    int branchCount = 1;
    MarkdownBlocks *blocks = nullptr;
    MarkdownBlocks *reasoningBlocks = nullptr;

private:
    // The thinking as the parts give it; the reasoning's blocks follow.
    QList<int> readReasoning();
    QList<int> stopThinking();

    QString m_usage;
    QString m_reasoning; // the reasoning parts' text, joined
    std::optional<qint64> m_thinkingMs;
    bool m_thinking = false;
    QDateTime m_thinkingSince;
    QVariant m_thinkingOpen; // invalid: follows m_thinking
};
