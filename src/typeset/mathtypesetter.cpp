// SPDX-License-Identifier: GPL-3.0-or-later
#include "mathtypesetter.h"

#include "typesetlogging.h"

#include <QPainter>
#include <QSvgRenderer>

#include <atomic>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// Enough for the formulas of many long conversations; an image is ~4 bytes a pixel.
constexpr int svgCacheSize = 4000;
constexpr int imageCacheKilobytes = 64 * 1024;

QString svgKey(const QString &tex, bool display)
{
    return (display ? u"D:"_s : u"I:"_s) + tex;
}

struct Picture
{
    QImage image;
    QSizeF size;
};

// The formula drawn in `style`'s colour, on a transparent image padded so that, centred where the
// text centres images, its baseline sits on the text's.
Picture paint(const QString &svg, double widthEx, double heightEx, double depthEx, const MathStyle &style)
{
    const qreal width = widthEx * style.exHeight;
    const qreal height = heightEx * style.exHeight;
    const qreal below = depthEx * style.exHeight;
    const qreal above = height - below;
    qreal top = 0;
    qreal bottom = 0;
    if (style.imageCentre > 0) {
        const qreal twice = 2 * style.imageCentre;
        if (above - below >= twice)
            bottom = above - twice - below;
        else
            top = below + twice - above;
    }
    const QSizeF size(std::ceil(width), std::ceil(top + height + bottom));
    // MathJax draws with currentColor; the colour's alpha goes to the painter.
    QString coloured = svg;
    coloured.replace(u"currentColor"_s, style.color.name(QColor::HexRgb));
    QSvgRenderer renderer(coloured.toUtf8());
    if (!renderer.isValid())
        return {};
    const qreal ratio = style.devicePixelRatio > 0 ? style.devicePixelRatio : 1;
    QImage image((size * ratio).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setOpacity(style.color.alphaF());
    renderer.render(&painter, QRectF(0, top, width, height));
    painter.end();
    return {image, size};
}

} // namespace

MathTypesetter::MathTypesetter(QObject *parent)
    : MathTypesetter(u":/confab/js/mathjax.js"_s, parent)
{}

MathTypesetter::MathTypesetter(const QString &bundlePath, QObject *parent)
    : QObject(parent)
    , m_worker(bundlePath)
    , m_svgs(svgCacheSize)
    , m_drawn(svgCacheSize)
    , m_images(std::make_shared<MathImageCache>(imageCacheKilobytes))
{
    m_painters.setMaxThreadCount(1);
}

MathTypesetter::~MathTypesetter()
{
    // A picture being drawn takes milliseconds; its answer to this object is then dropped.
    m_painters.clear();
    m_painters.waitForDone();
}

void MathTypesetter::warmUp()
{
    m_worker.warmUp();
}

MathTypesetter::Formula MathTypesetter::formula(const QString &tex, bool display, const MathStyle &style)
{
    const QString key = svgKey(tex, display);
    const Svg *svg = m_svgs.object(key);
    if (!svg) {
        typeset(key, tex, display);
        return {};
    }
    if (!svg->error.isEmpty())
        return {Formula::State::Failed, QString(), QSizeF(), svg->error};

    const QString imageKey = key + u'\n' + style.key();
    if (const Drawn *drawn = m_drawn.object(imageKey)) {
        if (drawn->imageId.isEmpty())
            return {Formula::State::Failed, QString(), QSizeF(), tr("Qt SVG could not draw this formula.")};
        if (m_images->contains(drawn->imageId))
            return {Formula::State::Ready, drawn->imageId, drawn->size, QString()};
    }
    draw(imageKey, *svg, style);
    return {};
}

void MathTypesetter::typeset(const QString &key, const QString &tex, bool display)
{
    if (m_typesetting.contains(key))
        return;
    m_typesetting.insert(key);
    ++m_typesetCount;
    m_worker.call(u"confabTexToSvg"_s, {tex, display}, this, [this, key](const ScriptWorker::Result &result) {
        m_typesetting.remove(key);
        auto svg = std::make_unique<Svg>();
        if (!result.ok()) {
            svg->error = result.error; // MathJax itself failed: the same for every formula
            qCWarning(lcTypeset) << "MathJax failed:" << result.error;
        } else {
            const QVariantMap value = result.value.toMap();
            svg->error = value.value(u"error"_s).toString();
            svg->svg = value.value(u"svg"_s).toString();
            svg->width = value.value(u"width"_s).toDouble();
            svg->height = value.value(u"height"_s).toDouble();
            svg->depth = value.value(u"depth"_s).toDouble();
            if (svg->error.isEmpty() && svg->svg.isEmpty())
                svg->error = tr("MathJax gave no picture for this formula.");
        }
        m_svgs.insert(key, svg.release());
        Q_EMIT formulasReady();
    });
}

void MathTypesetter::draw(const QString &imageKey, const Svg &svg, const MathStyle &style)
{
    if (m_drawing.contains(imageKey))
        return;
    m_drawing.insert(imageKey);
    ++m_drawCount;
    m_painters.start([this, imageKey, svg, style] {
        Picture picture = paint(svg.svg, svg.width, svg.height, svg.depth, style);
        QMetaObject::invokeMethod(
            this,
            [this, imageKey, picture = std::move(picture)] {
                m_drawing.remove(imageKey);
                QString id;
                if (picture.image.isNull()) {
                    qCWarning(lcTypeset) << "Qt SVG could not draw a formula";
                } else {
                    // Unique in the process: Qt Quick caches images by URL across engines.
                    static std::atomic<quint64> next{0};
                    id = QString::number(++next);
                    m_images->insert(id, picture.image);
                }
                m_drawn.insert(imageKey, new Drawn{id, picture.size});
                Q_EMIT formulasReady();
            },
            Qt::QueuedConnection);
    });
}
