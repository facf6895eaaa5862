// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "database.h"

// The schema's history: forward-only steps, each run in its own transaction and recorded in
// schema_version, so a database of any earlier version upgrades in place.
class Migrations
{
public:
    static int latestVersion();

    // The version the database is at (0 for an empty one).
    static int currentVersion(Database &db, StorageError *error);

    // Applies the steps after the current version, up to `target` (default: the latest).
    // A database newer than we know is left alone with StorageError::TooNew.
    static StorageError migrate(Database &db, int target = -1);
};
