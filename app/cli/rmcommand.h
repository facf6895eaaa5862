// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storagecommand.h"

// `confab-cli rm ID…`: deletes conversations with their messages.
class RmCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit RmCommand(SecretStore *secrets, QObject *parent = nullptr)
        : StorageCommand(false, secrets, parent)
    {}

    void start(const QStringList &arguments) override;

private:
    void removeNext();

    QStringList m_ids;
};
