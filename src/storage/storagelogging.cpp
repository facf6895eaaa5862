// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagelogging.h"

Q_LOGGING_CATEGORY(lcStorage, "confab.storage", QtWarningMsg)
