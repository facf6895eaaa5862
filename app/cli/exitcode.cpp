// SPDX-License-Identifier: GPL-3.0-or-later
#include "exitcode.h"

#include <QCoreApplication>

ExitCode exitCodeFor(ProviderError::Kind kind)
{
    using Kind = ProviderError::Kind;
    switch (kind) {
    case Kind::Authentication:
        return ExitCode::Authentication;
    case Kind::NotFound:
        return ExitCode::NotFound;
    case Kind::RateLimited:
    case Kind::QuotaExceeded:
        return ExitCode::RateLimited;
    case Kind::BadRequest:
        return ExitCode::BadRequest;
    case Kind::Server:
        return ExitCode::Server;
    case Kind::Network:
    case Kind::Tls:
        return ExitCode::Network;
    case Kind::Interrupted:
        return ExitCode::Interrupted;
    case Kind::Timeout:
        return ExitCode::Timeout;
    case Kind::StreamError:
    case Kind::InvalidResponse:
    case Kind::TooLarge:
        return ExitCode::InvalidResponse;
    }
    return ExitCode::Failure;
}

ExitCode exitCodeFor(StorageError::Kind kind)
{
    switch (kind) {
    case StorageError::Kind::None:
        return ExitCode::Ok;
    case StorageError::Kind::NotFound:
        return ExitCode::NoSuchConversation;
    case StorageError::Kind::Invalid:
        return ExitCode::Usage;
    default:
        return ExitCode::Storage;
    }
}

QString exitCodeHelp()
{
    return QCoreApplication::translate("cli",
                                       "Exit codes:\n"
                                       "    0  success (for ask: the reply completed)\n"
                                       "    1  an unexpected failure\n"
                                       "    2  bad arguments or missing configuration (such as no API key)\n"
                                       "    3  authentication failed (the API key was refused)\n"
                                       "    4  model or endpoint not found\n"
                                       "    5  rate limited or quota exceeded\n"
                                       "    6  the server refused the request (HTTP 400)\n"
                                       "    7  server error (HTTP 5xx)\n"
                                       "    8  could not connect (refused, DNS, TLS)\n"
                                       "    9  the connection dropped mid-reply\n"
                                       "   10  timed out: no data for the idle period\n"
                                       "   11  the server sent an error mid-stream, an unreadable reply or one\n"
                                       "       past the size limit (16 MiB)\n"
                                       "   12  no such conversation in the history\n"
                                       "   13  the history database could not be opened, read or written\n"
                                       "   14  no such provider profile\n"
                                       "   15  the keychain cannot be reached (no Secret Service), or refused\n"
                                       "   16  the reply was not saved: the history database stayed locked,\n"
                                       "       full or unreachable (the same command may work later)\n"
                                       "  130  cancelled with Ctrl+C\n");
}
