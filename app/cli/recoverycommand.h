// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storagecommand.h"

// `confab-cli storage dismiss-recovery`: the user has read that a damaged history was replaced
// (see RecoveryNotice); neither confab-cli nor the window says so again.
class RecoveryCommand : public StorageCommand
{
    Q_OBJECT

public:
    explicit RecoveryCommand(SecretStore *secrets, QObject *parent = nullptr)
        : StorageCommand(false, secrets, parent)
    {}

    void start(const QStringList &arguments) override;
};
