// SPDX-License-Identifier: GPL-3.0-or-later
#include "wirelogging.h"

Q_LOGGING_CATEGORY(lcSse, "confab.sse", QtWarningMsg)
