// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

// Why a storage operation failed, as a value the UI can show and the store can act on.
struct StorageError
{
    enum class Kind {
        None,
        Unavailable, // the server cannot be reached, or the connection was lost
        DiskFull,    // no space left (SQLITE_FULL, PostgreSQL 53100)
        ReadOnly,    // the file or folder cannot be written
        Locked,      // another process holds the database (SQLITE_BUSY after the busy timeout)
        Corrupt,     // the file is not a database, or is damaged
        TooNew,      // written by a newer Confab: its schema version is above ours
        NotFound,    // the conversation or message does not exist
        Invalid,     // a bad argument or configuration, e.g. a malformed database URL
        Other,
    };

    Kind kind = Kind::None;
    QString message; // one line for the user: what happened and what to do next
    QString detail;  // the driver's text, for the log (never contains a password)

    bool isError() const { return kind != Kind::None; }
    // Whether the same write may succeed later without the user doing anything.
    bool isTransient() const
    {
        return kind == Kind::Unavailable || kind == Kind::DiskFull || kind == Kind::Locked;
    }
};

Q_DECLARE_METATYPE(StorageError)
