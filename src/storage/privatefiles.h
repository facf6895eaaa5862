// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The one way Confab makes the files that hold the user's history, settings and caches: folders
// 0700 and files 0600 from the moment they exist, whatever the process's umask (docs/storage.md).
// Files made through these keep the mode when rewritten: QSaveFile (QSettings, the model cache)
// copies an existing file's permissions, and SQLite gives -wal, -shm and -journal those of the
// database file.
namespace PrivateFiles {

// Creates `path` and any missing parents with mode 0700 (folders that exist are left as they
// are: the user may share them on purpose). Returns false if it cannot.
bool makeFolder(const QString &path);

// Makes sure the file `path` exists, creating it empty with mode 0600 (and its folder with
// makeFolder()) if it does not. An existing file is left as it is. Returns false if it cannot.
bool makeFile(const QString &path);

} // namespace PrivateFiles
