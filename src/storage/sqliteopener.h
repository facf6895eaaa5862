// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storageerror.h"

#include <QString>

class Database;

// Opens a Database's SQLite connection: makes the file 0600 in a 0700 folder, sets a damaged
// file aside, sets the connection up (WAL, foreign keys, busy timeout), and falls back to
// reading only when the file, its folder or the disk cannot take a write.
class SqliteOpener
{
public:
    explicit SqliteOpener(Database &db);

    // Opens for reading and writing; a damaged file is moved aside and a fresh one started.
    StorageError open();
    // Opens the existing file for reading only, when open() or the first write failed with
    // `why`. Returns `why` itself when the file cannot even be read.
    StorageError openReadOnly(const StorageError &why);
    // Whether a write would go through now (another writer holding the lock is fine).
    StorageError checkWritable();

    QString movedAsidePath() const { return m_movedAsidePath; }

private:
    StorageError openFile(const QString &name, const QString &extraOptions);
    StorageError setUp();
    StorageError checkIntegrity();
    StorageError moveAside(const StorageError &damage);
    QString nativePath() const;
    int busyTimeout() const;

    Database &m_db;
    QString m_movedAsidePath;
};
