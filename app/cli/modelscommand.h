// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

class QNetworkAccessManager;

// `confab-cli models`: lists the models the server offers, one per line.
class ModelsCommand : public CliCommand
{
    Q_OBJECT

public:
    explicit ModelsCommand(QNetworkAccessManager *network, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    QNetworkAccessManager *m_network;
};
