// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchrandom.h"

namespace {

quint64 splitMix(quint64 &x)
{
    quint64 z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

quint64 rotl(quint64 x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

BenchRandom::BenchRandom(quint64 seed)
{
    for (quint64 &word : m_state)
        word = splitMix(seed);
}

quint64 BenchRandom::next()
{
    const quint64 result = rotl(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double BenchRandom::uniform()
{
    return double(next() >> 11) * 0x1.0p-53;
}

int BenchRandom::between(int low, int high)
{
    const quint64 span = quint64(qint64(high) - low + 1);
    return int(qint64(low) + qint64(next() % span));
}

bool BenchRandom::chance(double probability)
{
    return uniform() < probability;
}

quint64 BenchRandom::derive(quint64 seed, quint64 a, quint64 b)
{
    quint64 x = seed ^ (a * 0xd1b54a32d192ed03ULL);
    const quint64 first = splitMix(x);
    x ^= b * 0x8cb92ba72f3d8dd7ULL;
    return first ^ splitMix(x);
}
