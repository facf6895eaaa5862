// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCache>
#include <QImage>
#include <QMutex>
#include <QString>

// The formulas' pictures by id, bounded by their size: MathTypesetter fills it on its thread and
// the view's image provider reads it from Qt Quick's. Shared, so a provider the QML engine still
// holds never reads a typesetter that is gone.
class MathImageCache
{
public:
    explicit MathImageCache(qsizetype maxKilobytes);

    void insert(const QString &id, const QImage &image);
    bool contains(const QString &id) const;
    // A null image once dropped.
    QImage image(const QString &id) const;

private:
    mutable QMutex m_mutex;
    QCache<QString, QImage> m_images; // cost in KB
};
