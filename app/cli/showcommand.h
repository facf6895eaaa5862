// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationrecord.h"
#include "messagerecord.h"
#include "storagecommand.h"

#include <QList>

// `confab-cli show ID`: one conversation, its current branch from the first message on.
class ShowCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit ShowCommand(SecretStore *secrets, QObject *parent = nullptr)
        : StorageCommand(true, secrets, parent)
    {}

    void start(const QStringList &arguments) override;

private:
    void print(const ConversationRecord &conversation, const QList<MessageRecord> &messages);
};
