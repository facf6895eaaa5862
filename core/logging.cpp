// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcNet, "confab.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSse, "confab.sse", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "confab.cli", QtInfoMsg)
