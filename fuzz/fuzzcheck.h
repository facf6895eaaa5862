// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What the fuzz targets share: a failed property aborts, so that libFuzzer reports the input.
namespace FuzzCheck {

[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "property broken: %s\n", what);
    std::abort();
}

inline void check(bool ok, const char *what)
{
    if (!ok)
        fail(what);
}

// The cut points a target feeds its text in pieces at: byte 0's low nibble says how many, the
// next bytes the gaps between them (scaled by `scale`). `data` is left at the text that follows.
inline QList<qsizetype> takeCuts(QByteArrayView &data, qsizetype scale = 1)
{
    QList<qsizetype> gaps;
    if (data.isEmpty())
        return gaps;
    const int count = uchar(data.front()) & 0x0F;
    data = data.sliced(1);
    for (int i = 0; i < count && !data.isEmpty(); ++i) {
        gaps.append(qsizetype(uchar(data.front())) * scale);
        data = data.sliced(1);
    }
    return gaps;
}

// Gaps made into ascending offsets within `size`.
inline QList<qsizetype> cutsWithin(const QList<qsizetype> &gaps, qsizetype size)
{
    QList<qsizetype> cuts;
    qsizetype at = 0;
    for (const qsizetype gap : gaps) {
        at += gap;
        if (at > size)
            break;
        cuts.append(at);
    }
    return cuts;
}

} // namespace FuzzCheck
