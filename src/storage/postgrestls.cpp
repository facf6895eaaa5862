// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgrestls.h"

#include <QRegularExpression>

namespace PostgresTls {

StorageError explain(const DatabaseConfig &config, const QString &where, const QString &text,
                     const QString &options)
{
    static const QRegularExpression sslMode(QStringLiteral("(?:^|;)\\s*sslmode\\s*=\\s*([a-z-]+)"));
    const QString mode = sslMode.match(options).captured(1);
    const QString chosen = config.connectOptions.contains(u"sslmode")
                               ? QStringLiteral("the URL asks for it with sslmode=%1").arg(mode)
                               : QStringLiteral("Confab asks for it from a server on another computer "
                                                "(sslmode=%1)")
                                     .arg(mode);
    if (text.contains(u"does not support SSL")) {
        return {StorageError::Kind::Invalid,
                QStringLiteral("the PostgreSQL server at %1 cannot do TLS, and %2: without it the password "
                               "and the history would cross the network unencrypted. Turn on TLS in the "
                               "server (ssl = on), or, on a network you trust, add ?sslmode=prefer to the "
                               "URL (see docs/storage.md)")
                    .arg(where, chosen),
                text};
    }
    if (mode.startsWith(u"verify") &&
        (text.contains(u"root certificate") || text.contains(u"certificate verify failed") ||
         text.contains(u"does not match host name"))) {
        return {StorageError::Kind::Invalid,
                QStringLiteral("the PostgreSQL server at %1 could not be verified (%2): %3. Give the "
                               "certificate of its authority with ?sslrootcert=/path/to/ca.crt (or put it "
                               "in ~/.postgresql/root.crt), or add ?sslmode=require to encrypt without "
                               "checking who answers (see docs/storage.md)")
                    .arg(where, chosen, text),
                text};
    }
    return {};
}

} // namespace PostgresTls
