// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_sseparser.h"

QTEST_APPLESS_MAIN(TestSseParser)
