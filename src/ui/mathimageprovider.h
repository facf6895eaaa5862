// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QQuickImageProvider>

#include <memory>

class MathImageCache;

// image://confabmath/ID: the typeset formulas MathText puts in a text block's rich text. It only
// reads pictures MathTypesetter has drawn already, so loading one never waits.
class MathImageProvider : public QQuickImageProvider
{
public:
    static QString scheme() { return QStringLiteral("confabmath"); }

    explicit MathImageProvider(std::shared_ptr<const MathImageCache> images);

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

private:
    std::shared_ptr<const MathImageCache> m_images;
};
