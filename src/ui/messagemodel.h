// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "framebatcher.h"
#include "messagerecord.h"
#include "messagerow.h"
#include "pagedlistmodel.h"

#include <QList>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <optional>

class ConversationStore;

// The current branch of one conversation, oldest message at row 0. The newest page is read
// first; older pages come with canFetchMore()/fetchMore() (PagedListModel's, the list's end being
// the branch's first message) and are inserted at the top.
// Streamed text and thinking are appended with appendContent() and appendReasoning() and reach
// views at most once per updateInterval.
class MessageModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MessageModel belongs to ChatController")
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Roles {
        MessageIdRole = Qt::UserRole + 1,
        RoleRole, // "user", "assistant", "system"
        ContentRole,
        BlocksRole, // MarkdownBlocks* for assistant messages, else null
        StatusRole, // "pending", "streaming", "complete", "stopped", "interrupted", "error"
        ErrorTextRole,
        SaveStateRole, // "saved", "saving", "notSaved"
        ModelRole,
        UsageRole,       // e.g. "12 + 340 tokens", empty when unknown
        BranchIndexRole, // this message's place among its siblings, from 0
        BranchCountRole, // how many siblings there are, itself included (1: no alternatives)
        // Why the reply ended, in OpenAI's words whatever the provider: "stop", "length" (cut
        // short at the token limit), "content_filter", "tool_calls"; empty while it streams.
        FinishReasonRole,
        // The model's thinking: its text, its MarkdownBlocks (assistant messages, else null),
        // whether it is thinking now, since when (a date, while it thinks), how long it thought
        // (ms, undefined when unknown), and whether the user opened (true) or closed (false) it
        // (undefined: open while it thinks, closed once the answer begins; set with setData).
        ReasoningRole,
        ReasoningBlocksRole,
        ThinkingRole,
        ThinkingSinceRole,
        ThinkingMsRole,
        ThinkingOpenRole,
        // The usage line's figures, undefined when unknown: tokens of the prompt, of the reply
        // and of its thinking; measured by the client: ms to the first token, tokens per second.
        PromptTokensRole,
        ReplyTokensRole,
        ReasoningTokensRole,
        FirstTokenMsRole,
        TokensPerSecondRole,
    };
    Q_ENUM(Roles)

    using SaveState = MessageRow::SaveState;

    static constexpr int pageSize = 50;
    // Streamed text reaches the views at most this often, and waits no longer: with the frame
    // that shows it, well within 100 ms of its arrival, at a fraction of the frames.
    static constexpr std::chrono::milliseconds updateInterval{40};

    explicit MessageModel(ConversationStore *store, QObject *parent = nullptr);
    ~MessageModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Only ThinkingOpenRole is set from outside: the view's state, kept per message.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // The user opened (or closed) the thinking of the message; kept while it is shown.
    Q_INVOKABLE void setThinkingOpen(const QString &messageId, bool open);

    // Shows `conversationId`'s current branch (its newest page first); empty: a new chat.
    void load(const QString &conversationId);
    void clear();
    // The first message of a new chat was sent: it now has an id, and nothing older to read.
    void startConversation(const QString &conversationId);
    QString conversationId() const { return m_conversationId; }
    // The first page of load() is on its way (loading() is true for older pages too).
    bool isLoading() const { return loadingFirstPage(); }
    // Whether every message of the branch, up to its first, is in the model.
    bool hasAllMessages() const { return atEnd() && !isLoading(); }

    int rowOf(const QString &messageId) const; // -1 when not shown
    MessageRecord message(int row) const;      // with any text still waiting for the next update
    // The messages from row 0 to `row`, oldest first.
    QList<MessageRecord> messagesUpTo(int row) const;
    SaveState saveState(int row) const;
    int branchIndex(int row) const; // the message's place among its siblings, from 0
    int branchCount(int row) const; // how many siblings it has, itself included

    void appendMessage(const MessageRecord &message, SaveState saveState, int branchIndex = 0,
                       int branchCount = 1);
    // Removes `row` and every row after it (a branch being replaced).
    void removeFrom(int row);
    // Replaces the rows from `row` on with stored messages, oldest first (another branch).
    void replaceFrom(int row, const QList<MessageRecord> &messages);
    // Streaming: `delta` joins the message's text (or its thinking); views hear of it at the
    // next update.
    void appendContent(const QString &messageId, const QString &delta);
    void appendReasoning(const QString &messageId, const QString &delta);
    // The model began thinking at `since` (for the view's timer), or stopped after `durationMs`.
    void startThinking(const QString &messageId, const QDateTime &since);
    void endThinking(const QString &messageId, qint64 durationMs);
    // Replaces the stored fields of the message (text, parts and usage included), announcing
    // only what changed.
    void updateMessage(const MessageRecord &message);
    void setSaveState(const QString &messageId, SaveState state);
    void setBranch(const QString &messageId, int index, int count);
    // Sends the pending streamed text and thinking now (at the end of a stream).
    void flushContent();

Q_SIGNALS:
    // The first page of load() is in (or failed: then error is not empty).
    void loaded(const QString &error);
    // An older page came in at the top.
    void olderLoaded(int count);

protected:
    void fetchNextPage() override;
    bool readyForMore() const override;

private:
    using Row = MessageRow;

    void releaseRows();
    void insertOlder(const QList<MessageRecord> &newestFirst);
    void readBranchInfo(const QList<MessageRecord> &messages);
    void emitChanged(int row, const QList<int> &roles);
    void dropPending(const QString &messageId);

    ConversationStore *m_store;
    QList<Row> m_rows;
    QString m_conversationId;
    FrameBatcher m_pendingContent;   // text not yet announced
    FrameBatcher m_pendingReasoning; // thinking not yet announced
};
