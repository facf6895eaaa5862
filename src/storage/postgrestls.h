// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseconfig.h"
#include "storageerror.h"

#include <QString>

// What a failed PostgreSQL connection means when TLS was the problem: the server cannot do it,
// or cannot be verified. DatabaseConfig::postgresConnectOptions() asks for verified TLS from a
// server on another computer, so these say what happened and how to choose another mode.
namespace PostgresTls {

// The error for libpq's `text` (connecting to `where` with `options`), or Kind::None when TLS
// was not the problem.
StorageError explain(const DatabaseConfig &config, const QString &where, const QString &text,
                     const QString &options);

} // namespace PostgresTls
