// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "messagerecord.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class ConversationStore;
class MessageModel;

// The branch a request carries: the model shows only the newest page of it, so what is older
// is read ahead once the page is in, and the next send does not wait on the disk.
class BranchContext : public QObject
{
    Q_OBJECT

public:
    using Ready = std::function<void(QList<MessageRecord>)>;

    BranchContext(ConversationStore *store, MessageModel *messages, QObject *parent = nullptr);

    // Calls `ready` with the branch from its first message to `parentId`, at once when the
    // model holds it all (or the rest was read ahead), else after one read.
    void withBranchTo(const QString &parentId, Ready ready);
    // The model's first page is in: reads the rest of the branch ahead.
    void readAhead();
    // Another conversation is shown.
    void clear();

private:
    ConversationStore *m_store;
    MessageModel *m_messages;
    // The branch older than the model's first page, oldest first, read ahead for requests.
    QList<MessageRecord> m_older;
    QString m_anchor; // the model's oldest message when it was read
};
