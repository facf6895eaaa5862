// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcNet, "confab.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSse, "confab.sse", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCli, "confab.cli", QtWarningMsg)
