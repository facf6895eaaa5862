// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// What the user is told after a damaged SQLite history was replaced: which file was damaged,
// where it was kept, and what could be saved from it. It is kept in a small file beside the
// database ("<database>.recovery"), so that every program opening that history (the window,
// confab-cli) says so until the user dismisses it.
struct RecoveryNotice
{
    QString databasePath; // the new history
    QString damagedPath;  // the damaged file, kept as it was
    int conversations = 0;
    int messages = 0;
    qint64 at = 0; // when, in UTC milliseconds since the epoch

    // One paragraph for the user: what happened and where the files are.
    QString message() const;

    static QString fileFor(const QString &databasePath);
    // The notice left beside `databasePath`, if any.
    static std::optional<RecoveryNotice> read(const QString &databasePath);
    // Writes it beside the database (0600). Returns false if it cannot.
    bool write() const;
    // Removes the notice beside `databasePath`; true if there is none left.
    static bool dismiss(const QString &databasePath);
};
