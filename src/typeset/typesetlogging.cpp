// SPDX-License-Identifier: GPL-3.0-or-later
#include "typesetlogging.h"

Q_LOGGING_CATEGORY(lcTypeset, "confab.typeset", QtWarningMsg)
