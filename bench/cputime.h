// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace CpuTime {

// CPU time (user + system) used by this process so far, all threads, in nanoseconds.
qint64 processNs();

} // namespace CpuTime
