// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class ConversationStore;
class MessageModel;

// Moves the conversation on screen between the versions of its messages: switching to another
// alternative shows the branch below it where the user last was (else its newest reply), and
// makes that branch the conversation's current one. A message regenerated or edited becomes a
// new alternative beside the old one.
class BranchNavigator : public QObject
{
    Q_OBJECT

public:
    // Where a message stands among its siblings (its alternatives, itself included).
    struct Place
    {
        int index = 0;
        int count = 1;
    };

    BranchNavigator(ConversationStore *store, MessageModel *messages, QObject *parent = nullptr);

    // Shows the previous (-1) or next (+1) alternative of the message, and what followed it.
    void switchBranch(const QString &messageId, int delta);
    // A new alternative of the message at `row` takes its place: remembers where the user was
    // below it, removes it and the rows after it, and says where the new one stands.
    Place branchOff(int row);

Q_SIGNALS:
    void error(const QString &message);

private:
    // Makes `leafId` the conversation's current leaf, then shows the branch from `messageId` down.
    void showBranchAt(const QString &conversationId, const QString &leafId, const QString &messageId,
                      const QString &parentId);
    // Shows the current branch from `messageId` (now another alternative) down.
    void replaceBranchFrom(const QString &conversationId, const QString &messageId, const QString &parentId);
    QString lastShownLeaf() const;

    ConversationStore *m_store;
    MessageModel *m_messages;
    QHash<QString, QString> m_lastLeaf; // message id → the leaf last shown below it
};
