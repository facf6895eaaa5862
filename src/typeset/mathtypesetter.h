// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mathimagecache.h"
#include "mathstyle.h"
#include "scriptworker.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSizeF>
#include <QString>
#include <QThreadPool>
#include <memory>

// TeX typeset by MathJax (js/mathjax.mjs, in a ScriptWorker of its own) into SVG, drawn by Qt SVG
// into images for the text's font, colour and screen; none of it on the caller's thread.
//
// formula() answers at once from what is cached and starts what is missing: a view shows the
// source meanwhile and asks again at formulasReady(). The SVG is cached by source (and display
// mode), the images by source and style, so a formula is typeset once however often it is shown
// and a theme change only draws it again.
class MathTypesetter : public QObject
{
    Q_OBJECT

public:
    struct Formula
    {
        enum class State { Pending, Ready, Failed };
        State state = State::Pending;
        QString imageId; // Ready: what image() answers to
        QSizeF size;     // Ready: the image's size in logical pixels (padding included)
        QString error;   // Failed: MathJax's message ("Undefined control sequence \foo")
    };

    // The bundle built from js/mathjax.mjs, compiled into this library.
    explicit MathTypesetter(QObject *parent = nullptr);
    MathTypesetter(const QString &bundlePath, QObject *parent);
    ~MathTypesetter() override;

    // Loads MathJax now (about half a second), so the first formula does not wait for it.
    void warmUp();

    Formula formula(const QString &tex, bool display, const MathStyle &style);
    // The image formula() named, or a null image once dropped from the cache. From any thread.
    QImage image(const QString &imageId) const { return m_images->image(imageId); }
    // The same, for an image provider that may outlive this object.
    std::shared_ptr<const MathImageCache> images() const { return m_images; }

    // Formulas asked for and not yet typeset and drawn (for tests and benchmarks).
    int pendingFormulas() const { return int(m_typesetting.size() + m_drawing.size()); }
    // How many formulas MathJax has been asked to typeset, and pictures drawn (the same).
    int typesetCount() const { return m_typesetCount; }
    int drawCount() const { return m_drawCount; }

Q_SIGNALS:
    // Some formulas asked for are ready (or failed): ask again.
    void formulasReady();

private:
    struct Svg
    {
        QString svg;                             // empty when failed
        double width = 0, height = 0, depth = 0; // ex
        QString error;
    };
    struct Drawn
    {
        QString imageId;
        QSizeF size;
    };

    void typeset(const QString &key, const QString &tex, bool display);
    void draw(const QString &imageKey, const Svg &svg, const MathStyle &style);

    ScriptWorker m_worker;
    QCache<QString, Svg> m_svgs;              // by display mode + source
    QCache<QString, Drawn> m_drawn;           // by display mode + source + style
    QSet<QString> m_typesetting;              // svg keys on their way
    QSet<QString> m_drawing;                  // image keys on their way
    std::shared_ptr<MathImageCache> m_images; // by image id; the image provider reads it too
    int m_typesetCount = 0;
    int m_drawCount = 0;
    QThreadPool m_painters; // draws the SVG into images
};
