// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "storageerror.h"

#include <QString>

// How `ask` words a history that holds its writes back: the store's own messages promise a
// retry, which a command that gives up must not repeat.
namespace SaveFailure {

// What keeps the writes back, in a few words: "the history database X is locked by another
// program". Falls back on the error's own message for other failures.
QString reason(const StorageError &error, const DatabaseConfig &database);

} // namespace SaveFailure
