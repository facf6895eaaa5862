// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// A small seeded generator (xoshiro256**, seeded by splitmix64) with its own conversions to
// ranges, so the corpus is the same on every platform and standard library (std::
// distributions are not).
class BenchRandom
{
public:
    explicit BenchRandom(quint64 seed);

    quint64 next();
    double uniform();               // [0, 1)
    int between(int low, int high); // [low, high]
    bool chance(double probability);

    // A seed for an independent stream, from a seed and up to two indexes.
    static quint64 derive(quint64 seed, quint64 a, quint64 b = 0);

private:
    quint64 m_state[4];
};
