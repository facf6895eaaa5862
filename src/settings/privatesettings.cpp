// SPDX-License-Identifier: GPL-3.0-or-later
#include "privatesettings.h"

#include "privatefiles.h"
#include "settingslogging.h"

PrivateSettings::PrivateSettings(QObject *parent)
    : QSettings(parent)
{
    protect();
}

PrivateSettings::PrivateSettings(const QString &organization, const QString &application, QObject *parent)
    : QSettings(QSettings::UserScope, organization, application, parent)
{
    protect();
}

PrivateSettings::PrivateSettings(const QString &fileName, Format format, QObject *parent)
    : QSettings(fileName, format, parent)
{
    protect();
}

void PrivateSettings::protect()
{
    // The native format is the registry on Windows and a preferences plist on macOS, kept by
    // the system: only a file of our own is made here.
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    const bool ownFile = true;
#else
    const bool ownFile = format() != QSettings::NativeFormat;
#endif
    if (ownFile && !PrivateFiles::makeFile(fileName()))
        qCWarning(lcSettings) << "cannot create the settings file" << fileName();
}
