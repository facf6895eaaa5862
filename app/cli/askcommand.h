// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

class ChatStream;
class InterruptNotifier;
class QNetworkAccessManager;
class StreamPrinter;

// `confab-cli ask`: sends one prompt and streams the reply to stdout as it arrives.
class AskCommand : public CliCommand
{
    Q_OBJECT

public:
    explicit AskCommand(QNetworkAccessManager *network, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    void onDone();

    QNetworkAccessManager *m_network;
    StreamPrinter *m_printer;
    InterruptNotifier *m_interrupt = nullptr;
    ChatStream *m_stream = nullptr;
};
