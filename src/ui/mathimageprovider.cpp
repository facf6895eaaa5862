// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathimageprovider.h"

#include "mathimagecache.h"

#include <utility>

MathImageProvider::MathImageProvider(std::shared_ptr<const MathImageCache> images)
    : QQuickImageProvider(QQuickImageProvider::Image)
    , m_images(std::move(images))
{}

QImage MathImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    Q_UNUSED(requestedSize) // the rich text asks for the size it was given; the picture is drawn for it
    const QImage image = m_images->image(id);
    if (size)
        *size = image.size();
    return image;
}
