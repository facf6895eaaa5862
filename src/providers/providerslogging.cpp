// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerslogging.h"

Q_LOGGING_CATEGORY(lcNet, "confab.net", QtWarningMsg)
