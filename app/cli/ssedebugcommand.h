// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

// `confab-cli debug sse`: runs a recorded event stream through the parser and prints each
// event as one line of JSON, for looking into what a provider really sent.
class SseDebugCommand : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;

    void start(const QStringList &arguments) override;
};
