// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>

// Confab's settings file, readable by the user only: the file is made 0600 (its folder 0700)
// before QSettings first writes it, and QSettings keeps an existing file's mode when it saves.
// Every QSettings Confab makes is one of these (profiles, assistants, the window's, the
// database setting).
class PrivateSettings : public QSettings
{
    Q_OBJECT

public:
    // The application's own settings (organization and application name).
    explicit PrivateSettings(QObject *parent = nullptr);
    PrivateSettings(const QString &organization, const QString &application, QObject *parent = nullptr);
    // An INI file of that name (tests, and tools given a file).
    PrivateSettings(const QString &fileName, Format format, QObject *parent = nullptr);

private:
    void protect();
};
