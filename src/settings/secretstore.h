// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "secreterror.h"
#include "secretresult.h"

#include <QFuture>
#include <QObject>
#include <QString>

class DatabaseConfig;

// API keys and database passwords in the operating system's keychain (Secret Service on Linux,
// the Keychain on macOS, Credential Manager on Windows) through QtKeychain. Every call returns
// at once; its future resolves on this thread's event loop and always carries a result.
//
// There is no plain-text fallback: QtKeychain's insecure fallback (which writes the secret into
// a settings file when the keychain cannot be reached) stays off, because a key in a settings
// file is exactly what Confab promises never to leave. Without a keychain the caller gets
// SecretError::Kind::NoKeychain and offers the environment variable or a key for this session
// only (SessionSecrets).
class SecretStore : public QObject
{
    Q_OBJECT

public:
    // `service` names Confab's entries in the keychain ("Confab"; tests use their own).
    explicit SecretStore(const QString &service = QStringLiteral("Confab"), QObject *parent = nullptr);

    QString service() const { return m_service; }

    // The entry of a provider profile's API key: "provider/<profile>" (lower case, as profile
    // names are compared without case).
    static QString providerKey(const QString &profileName);
    // The entry of a PostgreSQL password: "postgresql/<user>@<host>:<port>/<dbname>".
    static QString databaseKey(const DatabaseConfig &config);

    // The secret stored under `key`; SecretError::Kind::NotFound when there is none.
    QFuture<SecretResult> read(const QString &key);
    // Stores `secret` under `key`, replacing what was there.
    QFuture<SecretError> write(const QString &key, const QString &secret);
    // Deletes the entry; no error when there was none (read() first to tell).
    QFuture<SecretError> remove(const QString &key);
    // Whether the keychain can be reached now: no error, or NoKeychain / AccessDenied / Failed.
    QFuture<SecretError> probe();

private:
    QString m_service;
};
