// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// Wall-clock times of repeated runs of one operation, in milliseconds, with nearest-rank
// percentiles (p95 of 100 samples is the 95th smallest).
class LatencySeries
{
public:
    void add(double ms) { m_samples.append(ms); }
    int count() const { return int(m_samples.size()); }
    const QList<double> &samples() const { return m_samples; }
    double percentile(double p) const;
    double max() const { return percentile(1.0); }

private:
    QList<double> m_samples;
};
