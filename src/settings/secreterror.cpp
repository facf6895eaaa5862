// SPDX-License-Identifier: GPL-3.0-or-later
#include "secreterror.h"

#include <QCoreApplication>
#include <qt6keychain/keychain.h>

namespace {

// QtKeychain reports an unreachable Secret Service (no session bus, or no keyring daemon on
// it) as OtherError with D-Bus's own words; these are what tell it from a real failure.
bool soundsUnreachable(const QString &detail)
{
    static const char *const markers[] = {
        "D-Bus",
        "DBus",
        "dbus",
        "org.freedesktop.secrets",
        "ServiceUnknown",
        "autolaunch",
        "No such secret collection",
        "not provided by any .service",
        "Could not connect",
        "NoReply",
    };
    for (const char *marker : markers) {
        if (detail.contains(QLatin1StringView(marker), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

QString SecretError::noKeychainMessage()
{
    return QCoreApplication::translate(
        "SecretStore",
        "no keychain can be reached (on Linux: no Secret Service such as gnome-keyring or KWallet "
        "is running and unlocked in this session). Start or unlock one, or give the key for this "
        "session only (the provider's environment variable, such as OPENAI_API_KEY). Confab never "
        "writes a key to a plain file");
}

SecretError SecretError::fromKeychain(int keychainError, const QString &detail, const QString &key)
{
    SecretError error;
    switch (keychainError) {
    case QKeychain::NoError:
        return error;
    case QKeychain::EntryNotFound:
        error.kind = Kind::NotFound;
        error.message =
            QCoreApplication::translate("SecretStore", "nothing is stored in the keychain for %1").arg(key);
        return error;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        error.kind = Kind::NoKeychain;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        error.kind = Kind::AccessDenied;
        error.message = QCoreApplication::translate(
                            "SecretStore", "the keychain refused access to %1 (%2): unlock the keyring "
                                           "(on Linux: gnome-keyring or KWallet) and try again")
                            .arg(key, detail);
        return error;
    default:
        error.kind = soundsUnreachable(detail) ? Kind::NoKeychain : Kind::Failed;
        break;
    }
    if (error.kind == Kind::NoKeychain) {
        error.message = noKeychainMessage();
        if (!detail.isEmpty())
            error.message += QStringLiteral(" (%1)").arg(detail);
    } else {
        error.message =
            QCoreApplication::translate("SecretStore", "the keychain failed for %1: %2").arg(key, detail);
    }
    return error;
}
