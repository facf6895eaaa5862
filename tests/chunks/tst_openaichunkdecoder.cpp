// SPDX-License-Identifier: GPL-3.0-or-later
#include "tst_openaichunkdecoder.h"

QTEST_APPLESS_MAIN(TestOpenAiChunkDecoder)
