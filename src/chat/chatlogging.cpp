// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatlogging.h"

Q_LOGGING_CATEGORY(lcChat, "confab.chat", QtWarningMsg)
