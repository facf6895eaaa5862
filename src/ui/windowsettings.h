// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QRect>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QSettings;

// The window's own state, kept across runs in the application's settings under "window/":
// where it was, how wide the sidebar was and whether it was shown, and the theme chosen.
class WindowSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The window's settings are AppContext.window")
    // Where the window was last (0 × 0 until it was placed once).
    Q_PROPERTY(int x READ x NOTIFY geometryChanged)
    Q_PROPERTY(int y READ y NOTIFY geometryChanged)
    Q_PROPERTY(int width READ width NOTIFY geometryChanged)
    Q_PROPERTY(int height READ height NOTIFY geometryChanged)
    Q_PROPERTY(int sidebarWidth READ sidebarWidth WRITE setSidebarWidth NOTIFY sidebarWidthChanged)
    Q_PROPERTY(bool sidebarVisible READ sidebarVisible WRITE setSidebarVisible NOTIFY sidebarVisibleChanged)
    // "system", "light" or "dark".
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)

public:
    static constexpr int defaultSidebarWidth = 280;

    // `settings` outlives this object.
    explicit WindowSettings(QSettings *settings, QObject *parent = nullptr);

    QRect geometry() const { return m_geometry; }
    void setGeometry(const QRect &geometry);
    Q_INVOKABLE void saveGeometry(int x, int y, int width, int height) { setGeometry(QRect(x, y, width, height)); }
    int x() const { return m_geometry.x(); }
    int y() const { return m_geometry.y(); }
    int width() const { return m_geometry.width(); }
    int height() const { return m_geometry.height(); }
    int sidebarWidth() const { return m_sidebarWidth; }
    void setSidebarWidth(int width);
    bool sidebarVisible() const { return m_sidebarVisible; }
    void setSidebarVisible(bool visible);
    QString theme() const { return m_theme; }
    void setTheme(const QString &theme);

Q_SIGNALS:
    void geometryChanged();
    void sidebarWidthChanged();
    void sidebarVisibleChanged();
    void themeChanged();

private:
    QSettings *m_settings;
    QRect m_geometry;
    int m_sidebarWidth = defaultSidebarWidth;
    bool m_sidebarVisible = true;
    QString m_theme;
};
