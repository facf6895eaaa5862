// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathimagecache.h"

#include <QMutexLocker>

#include <algorithm>

MathImageCache::MathImageCache(qsizetype maxKilobytes)
    : m_images(maxKilobytes)
{}

void MathImageCache::insert(const QString &id, const QImage &image)
{
    QMutexLocker locker(&m_mutex);
    m_images.insert(id, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes() / 1024));
}

bool MathImageCache::contains(const QString &id) const
{
    QMutexLocker locker(&m_mutex);
    return m_images.contains(id);
}

QImage MathImageCache::image(const QString &id) const
{
    QMutexLocker locker(&m_mutex);
    const QImage *image = m_images.object(id);
    return image ? *image : QImage();
}
