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
    // Invalid until the window was placed once.
    Q_PROPERTY(QRect geometry READ geometry WRITE setGeometry NOTIFY geometryChanged)
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
