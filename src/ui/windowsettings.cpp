// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowsettings.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace {
const QString geometryKey = u"window/geometry"_s;
const QString sidebarWidthKey = u"window/sidebarWidth"_s;
const QString sidebarVisibleKey = u"window/sidebarVisible"_s;
const QString themeKey = u"window/theme"_s;

bool isTheme(const QString &theme)
{
    return theme == u"system"_s || theme == u"light"_s || theme == u"dark"_s;
}
} // namespace

WindowSettings::WindowSettings(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    const QRect geometry = m_settings->value(geometryKey).toRect();
    if (geometry.width() > 0 && geometry.height() > 0)
        m_geometry = geometry;
    bool ok = false;
    const int width = m_settings->value(sidebarWidthKey).toInt(&ok);
    if (ok && width > 0)
        m_sidebarWidth = width;
    m_sidebarVisible = m_settings->value(sidebarVisibleKey, true).toBool();
    const QString theme = m_settings->value(themeKey).toString();
    m_theme = isTheme(theme) ? theme : u"system"_s;
}

void WindowSettings::setGeometry(const QRect &geometry)
{
    if (geometry == m_geometry || geometry.width() <= 0 || geometry.height() <= 0)
        return;
    m_geometry = geometry;
    m_settings->setValue(geometryKey, geometry);
    Q_EMIT geometryChanged();
}

void WindowSettings::setSidebarWidth(int width)
{
    if (width == m_sidebarWidth || width <= 0)
        return;
    m_sidebarWidth = width;
    m_settings->setValue(sidebarWidthKey, width);
    Q_EMIT sidebarWidthChanged();
}

void WindowSettings::setSidebarVisible(bool visible)
{
    if (visible == m_sidebarVisible)
        return;
    m_sidebarVisible = visible;
    m_settings->setValue(sidebarVisibleKey, visible);
    Q_EMIT sidebarVisibleChanged();
}

void WindowSettings::setTheme(const QString &theme)
{
    if (theme == m_theme || !isTheme(theme))
        return;
    m_theme = theme;
    m_settings->setValue(themeKey, theme);
    Q_EMIT themeChanged();
}
