// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The database the user chose in the settings, shared by confab and confab-cli (one settings
// file for both, whatever the executable is called). Holds a SQLite path or a PostgreSQL URL
// without its password: a password is never written to settings.
class DatabaseSetting
{
public:
    static QString read();
    // Stores `urlOrPath` with any password removed; an empty value means the default file.
    static void write(const QString &urlOrPath);
};
