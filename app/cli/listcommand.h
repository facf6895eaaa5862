// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "conversationquery.h"
#include "conversationrecord.h"
#include "storagecommand.h"

#include <QList>

// `confab-cli list`: the stored conversations, pinned first, then the most recently updated,
// read page by page.
class ListCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit ListCommand(SecretStore *secrets, QObject *parent = nullptr)
        : StorageCommand(true, secrets, parent)
    {}

    void start(const QStringList &arguments) override;

private:
    void fetchPage();
    void print();

    ConversationQuery m_query;
    int m_limit = -1; // -1: all
    QList<ConversationRecord> m_rows;
};
