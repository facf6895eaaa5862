// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

// How a formula is drawn to sit in its text: MathJax sizes it in ex, so the text's x-height sets
// its size, and it takes the text's colour.
struct MathStyle
{
    qreal exHeight = 8; // the text font's x-height, logical pixels
    QColor color = Qt::black;
    qreal devicePixelRatio = 1;
    // Where rich text centres an image aligned "middle" (pixels above the baseline, a quarter of
    // the x-height in Qt's layout): the image is padded so that the formula's baseline sits on the
    // text's. 0 draws the formula exactly, its bottom edge at the image's.
    qreal imageCentre = 0;

    QString key() const
    {
        return QStringLiteral("%1/%2/%3/%4")
            .arg(exHeight, 0, 'f', 3)
            .arg(color.name(QColor::HexArgb))
            .arg(devicePixelRatio, 0, 'f', 3)
            .arg(imageCentre, 0, 'f', 3);
    }
};
