// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcNet)  // confab.net: requests, streams, retries (never headers)
Q_DECLARE_LOGGING_CATEGORY(lcSse)  // confab.sse: event-stream parsing
Q_DECLARE_LOGGING_CATEGORY(lcCli)  // confab.cli: the console companion
