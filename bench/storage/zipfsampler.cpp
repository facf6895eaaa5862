// SPDX-License-Identifier: GPL-3.0-or-later
#include "zipfsampler.h"

#include "benchrandom.h"

#include <cmath>

ZipfSampler::ZipfSampler(int count, double exponent, double shift)
    : m_probability(count)
    , m_threshold(count)
    , m_alias(count)
{
    double total = 0;
    for (int rank = 0; rank < count; ++rank) {
        m_probability[rank] = 1.0 / std::pow(rank + 1 + shift, exponent);
        total += m_probability[rank];
    }
    QList<double> scaled(count);
    QList<int> small, large;
    for (int rank = 0; rank < count; ++rank) {
        m_probability[rank] /= total;
        scaled[rank] = m_probability[rank] * count;
        (scaled[rank] < 1.0 ? small : large).append(rank);
    }
    while (!small.isEmpty() && !large.isEmpty()) {
        const int less = small.takeLast();
        const int more = large.last();
        m_threshold[less] = scaled[less];
        m_alias[less] = more;
        scaled[more] -= 1.0 - scaled[less];
        if (scaled[more] < 1.0) {
            large.removeLast();
            small.append(more);
        }
    }
    for (int rank : std::as_const(large)) {
        m_threshold[rank] = 1.0;
        m_alias[rank] = rank;
    }
    for (int rank : std::as_const(small)) {
        m_threshold[rank] = 1.0;
        m_alias[rank] = rank;
    }
}

int ZipfSampler::sample(BenchRandom &random) const
{
    const double x = random.uniform() * double(m_threshold.size());
    const int column = int(x);
    return (x - column) < m_threshold[column] ? column : m_alias[column];
}
