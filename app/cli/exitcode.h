// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providererror.h"
#include "storageerror.h"

// The process exit codes of confab-cli, listed in its --help, stable for scripts.
enum class ExitCode : int {
    Ok = 0,
    Failure = 1,             // anything not listed below
    Usage = 2,               // bad arguments or missing configuration
    Authentication = 3,      // the key was refused
    NotFound = 4,            // unknown model or wrong base URL
    RateLimited = 5,         // rate limit or quota
    BadRequest = 6,          // the server refused the request as malformed or too long
    Server = 7,              // the server failed (5xx)
    Network = 8,             // could not connect (refused, DNS, TLS)
    Interrupted = 9,         // the connection dropped mid-reply
    Timeout = 10,            // no data for the idle period
    InvalidResponse = 11,    // the server sent an error mid-stream, something unreadable, or too much
    NoSuchConversation = 12, // the conversation (or message) id is not in the history
    Storage = 13,            // the history database could not be opened, read or written
    NoSuchProfile = 14,      // --profile (or a profile argument) names no profile
    Keychain = 15,           // the keychain cannot be reached, or refused or failed
    NotSaved = 16,           // ask: the reply came, but the history stayed locked, full or away
    Cancelled = 130,         // Ctrl+C
};

ExitCode exitCodeFor(ProviderError::Kind kind);
ExitCode exitCodeFor(StorageError::Kind kind);

// The table for --help.
QString exitCodeHelp();
