// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

class BenchRandom;

// Draws ranks 0…count−1 with probability ∝ 1 / (rank + 1 + shift)^exponent (Zipf–Mandelbrot,
// as word frequencies in English run), in constant time through Walker's alias table.
class ZipfSampler
{
public:
    ZipfSampler(int count, double exponent, double shift);

    int sample(BenchRandom &random) const;
    double probability(int rank) const { return m_probability[rank]; }
    int count() const { return int(m_probability.size()); }

private:
    QList<double> m_probability;
    QList<double> m_threshold;
    QList<int> m_alias;
};
