// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storagecommand.h"

// `confab-cli search QUERY`: full-text search over message text and titles.
class SearchCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit SearchCommand(SecretStore *secrets, QObject *parent = nullptr)
        : StorageCommand(true, secrets, parent)
    {}

    void start(const QStringList &arguments) override;
};
