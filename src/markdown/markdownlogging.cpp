// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownlogging.h"

Q_LOGGING_CATEGORY(lcMarkdown, "confab.markdown", QtWarningMsg)
