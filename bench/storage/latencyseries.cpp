// SPDX-License-Identifier: GPL-3.0-or-later
#include "latencyseries.h"

#include <algorithm>
#include <cmath>

double LatencySeries::percentile(double p) const
{
    if (m_samples.isEmpty())
        return 0;
    QList<double> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    const qsizetype rank =
        std::clamp<qsizetype>(qsizetype(std::ceil(p * double(sorted.size()))), 1, sorted.size());
    return sorted[rank - 1];
}
