// SPDX-License-Identifier: GPL-3.0-or-later
#include "cputime.h"

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <time.h>
#endif

namespace CpuTime {

qint64 processNs()
{
#ifdef Q_OS_WIN
    FILETIME creation, exited, kernel, user;
    GetProcessTimes(GetCurrentProcess(), &creation, &exited, &kernel, &user);
    const auto ticks = [](const FILETIME &t) {
        return (qint64(t.dwHighDateTime) << 32 | t.dwLowDateTime) * 100; // 100 ns units
    };
    return ticks(kernel) + ticks(user);
#else
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
#endif
}

} // namespace CpuTime
